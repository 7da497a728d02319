"""The exception, emergency-access and read-log pages pass axe-core, and break-glass works."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from schoolprivacy.access.models import BreakGlassAccess, Grant
from schoolprivacy.access.policy import visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.people.models import Staff
from schoolprivacy.testing.sessions import sign_in_staff
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def test_the_director_manages_exceptions(world, live_server, page: Page, signed_in_as):
    make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.GROUP,
        group=world.group_a,
    )
    signed_in_as(world.director)
    page.goto(f"{live_server.url}/toegang/uitzonderingen/")
    expect(page.locator("main table")).to_contain_text("Groep 5a")
    check_accessibility(page)
    click_and_load(page, "main table a[href$='/intrekken/']", url="**/intrekken/")
    check_accessibility(page)


def test_the_director_approves_an_exception(world, live_server, page: Page, browser_context):
    # A session that passed both sign-in steps and re-authenticated just now (sudo).
    client = sign_in_staff(Client(), world.director)
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    name = settings.SESSION_COOKIE_NAME
    browser_context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/toegang/uitzonderingen/nieuw/")
    check_accessibility(page)
    # No colleague is chosen in advance (issue 19): the director picks one.
    teacher = Staff.objects.get(user=world.teacher)
    page.select_option("#id_grantee", str(teacher.pk))
    page.check("input[name=scope][value=group]")
    page.select_option("#id_group", str(world.group_a.id))
    page.select_option("#id_category_key", "pupil.care.diagnosis")
    page.fill("#id_ends_on", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.fill("#id_reason", "Handelingsplan opstellen")
    page.click("main button[type=submit]")
    page.wait_for_url("**/toegang/uitzonderingen/")
    check_accessibility(page)
    assert Grant.objects.filter(group=world.group_a).exists()


def test_a_teacher_opens_emergency_access(world, live_server, page: Page, signed_in_as):
    # A pupil of the teacher's own group (decision 0023: break-glass only for pupils one
    # already knows), whose special data a teacher does not normally see.
    signed_in_as(world.teacher)
    page.goto(f"{live_server.url}/leerlingen/{world.pupil_a.id}/noodtoegang/")
    check_accessibility(page)
    page.fill("#id_reason", "Leerling onwel, medicatie nagaan")
    page.check("#id_confirm")
    # The answer comes on the same address, and the form page has an h1 too.
    click_and_load(page, "main button[type=submit]")
    expect(page.locator("h1")).to_be_visible()
    check_accessibility(page)
    assert BreakGlassAccess.objects.filter(pupil=world.pupil_a).exists()


def test_the_privacy_officer_reviews_reads(world, live_server, page: Page, signed_in_as):
    log_dossier_opened(
        world.care_coordinator,
        world.pupil_a,
        visible_categories(world.care_coordinator, world.pupil_a),
    )
    BreakGlassAccess.objects.create(
        board=world.board,
        staff=world.teacher.staff,
        pupil=world.pupil_a2,
        reason="Leerling onwel, medicatie nagaan",
        opened_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=4),
    )
    signed_in_as(world.privacy_officer)
    for path in (
        "/toegang/noodtoegang/",
        f"/toegang/inzage/leerling/{world.pupil_a.id}/",
        f"/toegang/inzage/medewerker/{world.care_coordinator.id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main table")).to_be_visible()
        check_accessibility(page)


def test_the_parents_transparency_section_is_accessible(
    world, live_server, page: Page, signed_in_as
):
    log_dossier_opened(
        world.care_coordinator,
        world.pupil_a,
        visible_categories(world.care_coordinator, world.pupil_a),
    )
    signed_in_as(world.parent)
    page.goto(f"{live_server.url}/ouders/kinderen/{world.pupil_a.id}/")
    expect(page.locator("#special-reads-heading")).to_be_visible()
    check_accessibility(page)
