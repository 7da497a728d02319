"""A parent signs in by emailed link and withdraws photo consent; the teacher sees it at once."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import ConsentDispute, Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.consents.tests.conftest import by_portal
from schoolprivacy.register.services.defaults import register_install_defaults
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def _sign_in_by_link(page: Page, live_server, email: str) -> None:
    mail.outbox.clear()
    page.goto(live_server.url + "/ouders/inloggen/")
    page.fill("input[name=email]", email)
    # "Check your email" answers on the same address, and the form page has a main h1 too.
    click_and_load(page, "form:has(input[name=email]) button[type=submit]")
    expect(page.locator("input[name=email]")).to_have_count(0)
    assert len(mail.outbox) == 1
    path = re.search(r"/ouders/inloggen/[^/\s]+/", str(mail.outbox[0].body))
    assert path is not None
    page.goto(live_server.url + path.group(0))
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + "/ouders/")


def test_a_withdrawal_reaches_the_class_overview_at_once(
    world: World, live_server, page: Page, signed_in_as: Callable[[User], None]
):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    by_portal(world.parent.guardian, world.pupil_a, website, "granted")
    _sign_in_by_link(page, live_server, "ouder@example.nl")

    click_and_load(page, f"a[href='/ouders/kinderen/{world.pupil_a.id}/']")
    click_and_load(page, f"a[href='/ouders/kinderen/{world.pupil_a.id}/toestemming/']")
    page.wait_for_url("**/toestemming/")
    check_accessibility(page)
    page.click(f"main a[href$='/toestemming/{website.id}/']")
    page.wait_for_url(f"**/toestemming/{website.id}/")
    check_accessibility(page)
    page.check("input[value=withdrawn]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    check_accessibility(page)
    # Saved, the choice answers on the address the confirmation was already on.
    click_and_load(page, "main form button[type=submit]", url=f"**/toestemming/{website.id}/")
    assert page.locator("main .consent-withdrawn").first.is_visible()
    check_accessibility(page)

    signed_in_as(world.teacher)
    page.goto(live_server.url + f"/groepen/{world.group_a.id}/toestemming/")
    row = page.locator("main tbody tr", has_text="Sanne Jansen")
    assert row.locator(".consent-withdrawn").count() == 1
    assert row.locator(".consent-granted").count() == 0
    check_accessibility(page)
    page.goto(live_server.url + f"/groepen/{world.group_a.id}/toestemming/{website.id}/lijst/")
    check_accessibility(page)
    assert (
        "Sanne Jansen"
        in page.locator("section", has=page.locator("#not-allowed-heading")).inner_text()
    )


def test_the_other_consent_pages_pass_axe(
    world: World, live_server, page: Page, signed_in_as: Callable[[User], None]
):
    register_install_defaults(board=world.board, actor_id=None)
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    signed_in_as(world.parent)
    page.goto(live_server.url + f"/ouders/kinderen/{world.pupil_a.id}/gegevens/")
    check_accessibility(page)

    signed_in_as(world.administration)
    page.goto(live_server.url + f"/leerlingen/{world.pupil_a.id}/toestemming/")
    check_accessibility(page)
    page.goto(live_server.url + f"/leerlingen/{world.pupil_a.id}/toestemming/{website.id}/papier/")
    check_accessibility(page)
    page.check("input[value=granted]")
    page.fill("input[name=reference]", "scan-1")
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    check_accessibility(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/leerlingen/{world.pupil_a.id}/toestemming/")
    # Reporting a dispute is a page of its own: which parent, a note, then confirm (issue 19).
    page.click(f"a[href$='/toestemming/{website.id}/onenigheid/']")
    page.wait_for_url(f"**/toestemming/{website.id}/onenigheid/")
    check_accessibility(page)
    page.select_option("select[name=guardian]", index=1)
    page.fill("textarea[name=note]", "De moeder belde: zij wil geen foto's op de website.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/leerlingen/{world.pupil_a.id}/toestemming/")
    assert ConsentDispute.objects.filter(pupil=world.pupil_a, purpose=website).exists()

    signed_in_as(world.director)
    page.goto(live_server.url + f"/scholen/{world.school_a.id}/toestemming/")
    assert page.locator("main").get_by_text("Sanne Jansen").first.is_visible()
    check_accessibility(page)

    signed_in_as(world.privacy_officer)
    page.goto(live_server.url + "/toestemming/overzicht/")
    check_accessibility(page)
