"""The staff onboarding pages in a browser: the privacy officer adds a staff member and a role."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.testing.sessions import sign_in_staff
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def test_the_officer_adds_a_teacher(world, live_server, browser_context, page: Page):
    client = sign_in_staff(Client(), world.privacy_officer)
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    name = settings.SESSION_COOKIE_NAME
    browser_context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/medewerkers/")
    check_accessibility(page)
    click_and_load(page, "text=Medewerker toevoegen", url="**/medewerkers/nieuw/")
    check_accessibility(page)
    page.fill("input[name=username]", "p.jansen")
    page.fill("input[name=first_name]", "Piet")
    page.fill("input[name=surname]", "Jansen")
    page.fill("input[name=email]", "p.jansen@school.example")
    # Not "**/medewerkers/*/": that matches the form's own address, /medewerkers/nieuw/.
    click_and_load(page, "main form button[type=submit]", url=re.compile(r"/medewerkers/\d+/$"))
    check_accessibility(page)
    click_and_load(page, "text=Rol geven", url="**/rollen/nieuw/")
    page.select_option("select[name=role]", "teacher")
    page.select_option("select[name=group]", label="Groep 7 (De Regenboog)")
    click_and_load(page, "main form button[type=submit]", url=re.compile(r"/medewerkers/\d+/$"))
    assert page.locator("main table").get_by_text("Groep 7").is_visible()
