"""A teacher signs in through the board's OpenID Connect provider, started locally (a real
oidc-provider in Node, not a mock), in Debian's Chromium."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from playwright.sync_api import Page

from schoolprivacy.signon.tests.conftest import configure
from schoolprivacy.signon.tests.provider import CLIENT_SECRET, start_provider
from schoolprivacy.testing.sessions import totp_device_for
from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(world, live_server):
    secrets = {world.board.board_number: CLIENT_SECRET}
    callback = live_server.url + "/inloggen/schoolaccount/terug/"
    with start_provider(callback) as local, override_settings(OIDC_CLIENT_SECRETS=secrets):
        yield configure(world, local.issuer)


def sign_in_at_the_provider(page: Page, *, login: str, mfa: bool) -> None:
    page.click("text=Inloggen met Testschool-ID")
    page.wait_for_url("**/interaction/**")
    page.fill("input[name=login]", login)
    if mfa:
        page.check("input[name=mfa]")
    page.click("button[type=submit]")


def test_a_teacher_signs_in_through_the_provider(world, live_server, provider, page: Page):
    page.goto(live_server.url + "/inloggen/")
    check_accessibility(page)
    sign_in_at_the_provider(page, login="t-0001", mfa=True)
    page.wait_for_url(live_server.url + "/")
    assert page.locator("main").get_by_text("Groep 5a").first.is_visible()
    check_accessibility(page)


def test_without_multi_factor_the_teacher_still_enters_our_code(
    world, live_server, provider, page: Page
):
    device = totp_device_for(world.teacher)
    page.goto(live_server.url + "/inloggen/")
    sign_in_at_the_provider(page, login="t-0001", mfa=False)
    page.wait_for_url("**/inloggen/tweede-stap/")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=code]", f"{code:0{device.digits}d}")
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("main").get_by_text("Groep 5a").first.is_visible()


def test_an_unknown_school_account_gets_a_clear_refusal(world, live_server, provider, page: Page):
    page.goto(live_server.url + "/inloggen/")
    sign_in_at_the_provider(page, login="iemand-anders", mfa=True)
    page.wait_for_url("**/inloggen/schoolaccount/terug/**")
    assert page.get_by_role("alert").get_by_text("niet gekoppeld").is_visible()
    check_accessibility(page)
