"""On first sign-in a staff member links an authenticator app and gets backup codes."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page

from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


def test_it_links_an_app_shows_backup_codes_and_continues_home(world, live_server, page: Page):
    page.goto(live_server.url + "/inloggen/")
    page.fill("input[name=username]", world.director.username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form:has(input[name=password]) button[type=submit]")

    page.wait_for_url("**/inloggen/koppelen/")
    check_accessibility(page)
    assert page.locator("main img").first.is_visible()  # the QR code
    # Read the key the way a person without a camera would: from the text on the page.
    secret = re.sub(r"\s", "", page.locator("code.secret").inner_text())
    code = totp(b32decode(secret), step=30, t0=0, digits=6)
    page.fill("input[name=code]", f"{code:06d}")
    page.click("form:has(input[name=code]) button[type=submit]")

    page.wait_for_url("**/inloggen/reservecodes/")
    check_accessibility(page)
    assert page.locator(".backup-codes li").count() == 10
    page.click("main a.button")

    page.wait_for_url(live_server.url + "/")
    assert page.locator("main").get_by_text("De Regenboog").first.is_visible()
    check_accessibility(page)
