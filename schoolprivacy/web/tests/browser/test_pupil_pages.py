"""Pupil list, pupil page and record entry in a real browser, checked with axe-core, on a
desktop and a phone: the care coordinator sees a diagnosis that the teacher does not."""

import re

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.dossier.tests.helpers import DIAGNOSIS_TEXT, MEASURE_TEXT, diagnosis_and_measure
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.conftest import PHONE
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_the_teacher_finds_a_pupil_and_sees_the_measure_only(
    world, live_server, page: Page, signed_in_as
):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    signed_in_as(world.teacher)

    page.goto(live_server.url + "/")
    page.click("nav.main-nav a[href='/leerlingen/']")
    page.wait_for_url("**/leerlingen/")
    check_accessibility(page)
    page.fill("input[name='q']", "sanne")
    click_and_load(
        page,
        "form.pupil-search button[type='submit']",
        url=re.compile(r"/leerlingen/\?(.*&)?q=sanne"),
    )
    page.click("main table a:has-text('Sanne Jansen')")

    page.wait_for_url(f"**/leerlingen/{world.pupil_a.id}/")
    expect(page.locator("main")).to_contain_text(MEASURE_TEXT)
    expect(page.locator("main")).not_to_contain_text(DIAGNOSIS_TEXT)
    page.click("details.why summary")
    check_accessibility(page)


def test_the_care_coordinator_sees_the_diagnosis_and_adds_a_record(
    world, live_server, page: Page, signed_in_as
):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    signed_in_as(world.care_coordinator)

    page.goto(live_server.url + f"/leerlingen/{world.pupil_a.id}/")
    expect(page.locator("main")).to_contain_text(DIAGNOSIS_TEXT)
    check_accessibility(page)
    page.click(f"a[href='/leerlingen/{world.pupil_a.id}/notities/nieuw/']")

    page.wait_for_url("**/notities/nieuw/")
    check_accessibility(page)
    click_and_load(page, "button[type='submit'].button")  # nothing filled in: errors
    expect(page.locator("main .errorlist[role=alert]").first).to_be_visible()
    check_accessibility(page)
    page.check("input[value='pupil.care.notes']")
    page.fill("input[name='title']", "Gesprek met ouders")
    page.fill("textarea[name='body']", "Afspraak: elke maand kort overleg.")
    page.click("button[type='submit'].button")

    page.wait_for_url(f"**/leerlingen/{world.pupil_a.id}/")
    expect(page.locator("main")).to_contain_text("Afspraak: elke maand kort overleg.")
    check_accessibility(page)


def test_the_pupil_pages_fit_a_phone(world, live_server, page: Page, signed_in_as):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    signed_in_as(world.care_coordinator)
    page.set_viewport_size(PHONE)

    for path in (
        "/leerlingen/",
        f"/leerlingen/{world.pupil_a.id}/",
        f"/leerlingen/{world.pupil_a.id}/notities/nieuw/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 360 px"
        check_accessibility(page)
