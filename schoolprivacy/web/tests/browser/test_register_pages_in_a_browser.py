"""The privacy officer's register pages pass axe-core and an edit goes through end to end."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


@pytest.fixture
def register(world) -> list[ProcessingActivity]:
    return register_install_defaults(board=world.board, actor_id=None)


def test_the_register_list_and_detail_are_accessible(
    world, register, live_server, page: Page, signed_in_as
):
    signed_in_as(world.privacy_officer)
    page.goto(f"{live_server.url}/register/")
    expect(page.locator("h1")).to_contain_text("register")
    check_accessibility(page)

    page.click(f"main a[href='/register/{register[0].pk}/']")
    page.wait_for_url(f"**/register/{register[0].pk}/")
    check_accessibility(page)


def test_the_officer_edits_an_activity_and_sees_it_in_the_history(
    world, register, live_server, page: Page, signed_in_as
):
    photos = next(a for a in register if a.key == "photos")
    signed_in_as(world.privacy_officer)
    page.goto(f"{live_server.url}/register/{photos.pk}/bewerken/")
    check_accessibility(page)

    page.fill("#id_purpose", "Alleen foto's in de schoolgids.")
    page.check("input[name=categories][value='pupil.contact']")
    page.click("button[type=submit].button")

    page.wait_for_url(f"**/register/{photos.pk}/")
    expect(page.locator("main")).to_contain_text("Alleen foto's in de schoolgids.")
    expect(page.locator("main table")).to_contain_text("Adres")
    check_accessibility(page)


def test_a_refused_edit_is_accessible_too(world, register, live_server, page: Page, signed_in_as):
    care = next(a for a in register if a.key == "care_guidance")
    signed_in_as(world.privacy_officer)
    page.goto(f"{live_server.url}/register/{care.pk}/bewerken/")
    page.fill("#id_special_basis", "")
    # Refused, the form answers again on its own address.
    click_and_load(page, "button[type=submit].button", url="**/bewerken/")

    expect(page.locator("[role=alert]").first).to_be_visible()
    expect(page.locator("#id_special_basis")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
