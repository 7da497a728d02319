"""A staff member with a linked authenticator app signs in through the real pages."""

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page

from schoolprivacy.testing.sessions import totp_device_for
from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


def test_it_signs_in_with_password_and_authenticator_code(world, live_server, page: Page):
    device = totp_device_for(world.teacher)

    page.goto(live_server.url + "/")
    page.wait_for_url("**/inloggen/")
    check_accessibility(page)
    page.fill("input[name=username]", world.teacher.username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form:has(input[name=password]) button[type=submit]")

    page.wait_for_url("**/inloggen/tweede-stap/")
    check_accessibility(page)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=code]", f"{code:0{device.digits}d}")
    page.click("form:has(input[name=code]) button[type=submit]")

    page.wait_for_url(live_server.url + "/")
    assert page.locator("main").get_by_text("Groep 5a").first.is_visible()
    check_accessibility(page)
