"""Issue 17 in a browser, at phone width: the privacy officer starts on the workspace, reviews an
emergency access from it, records an incident (which then waits on the workspace with its
72-hour clock), and finds who read a pupil by name. Every page passes axe-core and fits 360 px
without sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.access.models import BreakGlassAccess, ReviewOutcome
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.breaches.models import Breach
from schoolprivacy.policies.services import privacy_contacts_save
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _check(page: Page) -> None:
    check_accessibility(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{page.url} scrolls sideways at 360 px"


def test_the_officer_reviews_an_emergency_access_and_finds_who_read_a_pupil(
    world, live_server, page: Page, signed_in_as
):
    privacy_contacts_save(
        actor=world.privacy_officer,
        dpo_name="Mr. J. de Wit",
        dpo_email="fg@stichting-demo.nl",
        dpo_phone="",
        website="",
    )
    access = break_glass_open(
        user=world.teacher, pupil=world.pupil_a, reason="Leerling onwel, medicatie nagaan"
    )
    page.set_viewport_size({"width": 360, "height": 740})
    signed_in_as(world.privacy_officer)

    page.goto(f"{live_server.url}/")
    expect(page.locator("#attention-heading")).to_be_visible()
    _check(page)

    click_and_load(
        page, f"main a[href$='/noodtoegang/{access.pk}/beoordelen/']", url="**/beoordelen/"
    )
    expect(page.locator("main")).to_contain_text("Leerling onwel, medicatie nagaan")
    _check(page)
    page.check(f"input[name=outcome][value={ReviewOutcome.JUSTIFIED}]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/toegang/noodtoegang/")
    _check(page)
    access = BreakGlassAccess.objects.get(pk=access.pk)
    assert access.review_outcome == ReviewOutcome.JUSTIFIED

    page.goto(f"{live_server.url}/")
    expect(page.locator(f"main a[href$='/noodtoegang/{access.pk}/beoordelen/']")).to_have_count(0)
    click_and_load(page, "main a[href$='/datalekken/melden/']", url="**/datalekken/melden/")
    _check(page)
    page.fill("#id_description", "Klassenlijst met adressen naar de verkeerde ouders gemaild")
    # The answer comes on the same address.
    click_and_load(page, "main button[type=submit]")
    breach = Breach.objects.get()
    page.goto(f"{live_server.url}/")
    expect(page.locator(f"main a[href$='/datalekken/{breach.pk}/']")).to_have_count(1)
    _check(page)
    page.fill("#id_q", "sanne")
    click_and_load(page, "main form[role=search] button[type=submit]")
    expect(page.locator(f"main a[href$='/audit/leerling/{world.pupil_a.pk}/']")).to_be_visible()
    _check(page)
    click_and_load(
        page, f"main a[href$='/audit/leerling/{world.pupil_a.pk}/']", url="**/audit/leerling/*/"
    )
    expect(page.locator("main table")).to_contain_text(world.teacher.staff.name)
    _check(page)
