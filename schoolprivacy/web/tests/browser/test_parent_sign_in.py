"""A parent asks for a link, opens it from the email, confirms, and sees their child."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def test_it_signs_in_by_emailed_link_and_shows_the_child(world, live_server, page: Page):
    mail.outbox.clear()
    page.goto(live_server.url + "/ouders/")
    page.wait_for_url("**/ouders/inloggen/**")
    check_accessibility(page)
    page.fill("input[name=email]", "ouder@example.nl")
    # The "check your email" page answers on the same address; it has no email field.
    click_and_load(page, "form:has(input[name=email]) button[type=submit]")
    expect(page.locator("input[name=email]")).to_have_count(0)
    check_accessibility(page)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ouder@example.nl"]
    # The email holds the public address (SITE_URL); the test opens the same path here.
    path = re.search(r"/ouders/inloggen/[^/\s]+/", str(mail.outbox[0].body))
    assert path is not None
    page.goto(live_server.url + path.group(0))
    check_accessibility(page)
    page.click("main form button[type=submit]")

    page.wait_for_url(live_server.url + "/ouders/")
    assert page.locator("main h2", has_text="Sanne Jansen").is_visible()
    check_accessibility(page)
    page.click(f"a[href='/ouders/kinderen/{world.pupil_a.id}/']")

    page.wait_for_url(f"**/ouders/kinderen/{world.pupil_a.id}/")
    assert page.locator("time[datetime='2017-03-14']").is_visible()
    assert page.locator("main").get_by_text("ouder@example.nl").first.is_visible()
    check_accessibility(page)
