"""The header's language buttons switch the page between Dutch and English."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def test_it_switches_to_english_and_stays_on_the_page(world, live_server, page: Page, signed_in_as):
    signed_in_as(world.teacher)
    group_url = f"{live_server.url}/groepen/{world.group_a.id}/"
    page.goto(group_url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The switch answers with a redirect back to the address the page is already on.
    click_and_load(page, "button[name=language][value=en]", url=group_url)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("button[name=language][value=en]")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator("main")).to_contain_text("03/14/2017")  # a table date (dates.py)
    expect(page.locator("main")).to_contain_text("Date of birth")
    check_accessibility(page)
