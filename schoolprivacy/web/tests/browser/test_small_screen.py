"""On a 360 px wide phone no page scrolls sideways, and the skip link works from the keyboard."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _assert_fits(page: Page) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{page.url} scrolls sideways at 360 px"


def test_staff_pages_fit_a_phone(world, live_server, page: Page, signed_in_as):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/inloggen/")
    _assert_fits(page)
    check_accessibility(page)

    signed_in_as(world.director)
    for path in ("/", f"/scholen/{world.school_a.id}/", f"/groepen/{world.group_a.id}/"):
        page.goto(live_server.url + path)
        _assert_fits(page)
        check_accessibility(page)


def test_the_childs_page_fits_a_phone(world, live_server, page: Page, signed_in_as):
    signed_in_as(world.parent)
    page.set_viewport_size(PHONE)
    for path in ("/ouders/", f"/ouders/kinderen/{world.pupil_a.id}/"):
        page.goto(live_server.url + path)
        _assert_fits(page)
        check_accessibility(page)


def test_the_skip_link_moves_focus_to_the_main_content(
    world, live_server, page: Page, signed_in_as
):
    # The staff home, because sign-in forms rightly put the focus in their first field.
    signed_in_as(world.teacher)
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
