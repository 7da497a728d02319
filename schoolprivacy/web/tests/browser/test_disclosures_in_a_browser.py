"""Disclosures in a real browser, checked with axe-core: the care coordinator records a report
to youth care that the parent consented to, and the parent sees it on the child's page."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.disclosures.tests.conftest import Sharing, decide, sharing  # noqa: F401
from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


def test_a_disclosure_recorded_by_staff_is_seen_by_the_parent(
    sharing: Sharing,  # noqa: F811
    live_server,
    page: Page,
    signed_in_as,
    browser_context,
):
    w = sharing.world
    decide(w.pupil_a, sharing.purpose("sharing_youth_care"), "granted", guardian=w.parent.guardian)
    signed_in_as(w.care_coordinator)

    page.goto(live_server.url + f"/leerlingen/{w.pupil_a.id}/")
    page.click(f"a[href='/leerlingen/{w.pupil_a.id}/verstrekkingen/']")
    page.wait_for_url("**/verstrekkingen/")
    check_accessibility(page)
    page.click(f"a[href='/leerlingen/{w.pupil_a.id}/verstrekkingen/nieuw/']")
    page.wait_for_url("**/verstrekkingen/nieuw/")
    check_accessibility(page)
    page.select_option("select[name='recipient']", "youth_care")
    page.fill("input[name='recipient_name']", "Wijkteam Noord")
    page.check("input[name='basis'][value='consent']")
    page.check("input[name='categories'][value='pupil.care.measures']")
    page.click("button[type='submit'].button")
    page.wait_for_url(f"**/leerlingen/{w.pupil_a.id}/verstrekkingen/")
    expect(page.locator("main table")).to_contain_text("Wijkteam Noord")
    check_accessibility(page)

    browser_context.clear_cookies()
    signed_in_as(w.parent)
    page.goto(live_server.url + f"/ouders/kinderen/{w.pupil_a.id}/")
    expect(page.locator("#disclosures-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Wijkteam Noord")
    check_accessibility(page)
