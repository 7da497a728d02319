"""A signed-in staff member goes from home to a school and one of its groups."""

import pytest
from playwright.sync_api import Page

from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


def test_the_director_opens_the_school_and_a_group(world, live_server, page: Page, signed_in_as):
    signed_in_as(world.director)

    page.goto(live_server.url + "/")
    check_accessibility(page)
    page.click(f"main a[href='/scholen/{world.school_a.id}/']")

    page.wait_for_url(f"**/scholen/{world.school_a.id}/")
    assert page.locator("h1", has_text="De Regenboog").is_visible()
    assert page.locator("main").get_by_text(world.school_a.brin).first.is_visible()
    check_accessibility(page)
    page.click(f"main a[href='/groepen/{world.group_a.id}/']")

    page.wait_for_url(f"**/groepen/{world.group_a.id}/")
    assert page.locator("main th", has_text="Sanne Jansen").is_visible()
    check_accessibility(page)


def test_the_privacy_officer_reaches_the_audit_log(world, live_server, page: Page, signed_in_as):
    signed_in_as(world.privacy_officer)

    page.goto(live_server.url + "/")
    page.click("nav.main-nav a[href='/audit/']")

    page.wait_for_url("**/audit/")
    assert page.locator("nav.main-nav a[aria-current='page']").get_attribute("href") == "/audit/"
