"""The public privacy statement passes axe-core in Dutch and English, for both kinds of school."""

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


@pytest.mark.parametrize("school", ["school_a", "school_b"])
def test_the_statement_is_accessible_in_dutch_and_english(
    world, register, live_server, page: Page, school
):
    url = f"{live_server.url}/privacy/{getattr(world, school).slug}/"
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#rights")).to_be_visible()
    check_accessibility(page)

    page.goto(url + "?lang=en")
    page.wait_for_url(url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Privacy statement of")
    check_accessibility(page)


def test_the_table_of_contents_jumps_to_a_purpose(world, register, live_server, page: Page):
    page.goto(f"{live_server.url}/privacy/{world.school_a.slug}/")
    page.click("nav.toc a[href='#purpose-care_guidance']")
    expect(page.locator("#purpose-care_guidance")).to_be_in_viewport()


def test_the_header_switch_changes_the_statement_language(world, register, live_server, page: Page):
    url = f"{live_server.url}/privacy/{world.school_b.slug}/"
    page.goto(url)
    # The switch answers with a redirect back to the address the page is already on.
    click_and_load(page, "button[name=language][value=en]", url=url)
    expect(page.locator("#purpose-exams")).to_have_text("Exams")
