"""Suppliers in a real browser, checked with axe-core: the privacy officer registers a supplier
and an agreement, the administration makes an export, and a parent sees the supplier and its
fields on the child's page (issue 15)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.conftest import World
from schoolprivacy.suppliers.models import Agreement, Export
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def _with_sudo(context: BrowserContext) -> None:
    """The export holds pupil data, so it asks to re-authenticate; done here as the sign-in
    tests already type the real thing."""
    cookie = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()


def test_from_agreement_to_export_to_the_parents_page(
    world: World, live_server, page: Page, signed_in_as, browser_context: BrowserContext
) -> None:
    today = timezone.localdate()
    signed_in_as(world.privacy_officer)
    page.goto(live_server.url + "/leveranciers/")
    check_accessibility(page)
    click_and_load(page, "a[href='/leveranciers/nieuw/']", url="**/leveranciers/nieuw/")
    page.fill("input[name='name']", "Uitgeverij Leerlijn")
    page.check("input[name='covenant_signed']")
    page.click("button[type='submit'].button")
    page.wait_for_url("**/leveranciers/")
    click_and_load(page, "a[href='/leveranciers/overeenkomsten/nieuw/']", url="**/nieuw/")
    check_accessibility(page)
    page.select_option("select[name='supplier']", label="Uitgeverij Leerlijn")
    page.fill("input[name='product']", "Rekenroute Online")
    page.check(f"input[name='schools'][value='{world.school_a.pk}']")
    for key in ("pseudonym", "first_name", "surname", "group"):
        page.check(f"input[name='data_set'][value='{key}']")
    page.fill("input[name='signed_on']", (today - timedelta(days=1)).isoformat())
    page.fill("input[name='ends_on']", (today + timedelta(days=700)).isoformat())
    # Not "**/overeenkomsten/*/": that matches the form's own address, /overeenkomsten/nieuw/.
    click_and_load(
        page, "button[type='submit'].button", url=re.compile(r"/leveranciers/overeenkomsten/\d+/$")
    )
    expect(page.locator("main")).to_contain_text("Rekenroute Online")
    check_accessibility(page)
    agreement = Agreement.objects.get()

    browser_context.clear_cookies()
    signed_in_as(world.administration)
    _with_sudo(browser_context)
    page.goto(live_server.url + f"/leveranciers/overeenkomsten/{agreement.pk}/")
    click_and_load(
        page, f"a[href='/leveranciers/overeenkomsten/{agreement.pk}/export/']", url="**/export/"
    )
    check_accessibility(page)
    page.select_option("select[name='format']", "uwlr_csv")
    page.select_option("select[name='school']", str(world.school_a.pk))
    with page.expect_download() as download:
        page.click("button[type='submit'].button")
    with open(download.value.path(), encoding="utf-8") as handle:
        assert handle.readline().strip() == "pseudonym,first_name,surname,group"
    assert Export.objects.get().pupil_count == 2

    browser_context.clear_cookies()
    signed_in_as(world.parent)
    page.goto(live_server.url + f"/ouders/kinderen/{world.pupil_a.id}/")
    expect(page.locator("main .supplier-list")).to_contain_text("Uitgeverij Leerlijn")
    expect(page.locator("main .supplier-list")).to_contain_text("Rekenroute Online")
    check_accessibility(page)
