"""The issue's acceptance check: both demo schools' statements render in Dutch and English and
pass axe-core, straight from the register the demo installs."""

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.demo.personas import demo_board
from schoolprivacy.demo.tests.conftest import run_demo
from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


def test_both_demo_schools_have_an_accessible_statement_in_both_languages(
    transactional_db, live_server, page: Page
):
    run_demo()
    board = demo_board()
    assert board is not None
    schools = list(board.schools.order_by("kind"))
    assert {s.kind for s in schools} == {"primary", "secondary"}
    for school in schools:
        url = f"{live_server.url}/privacy/{school.slug}/"
        for language in ("nl", "en"):
            page.goto(f"{url}?lang={language}")
            page.wait_for_url(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("h1")).to_contain_text(school.name)
            expect(page.locator(".statement-purpose").first).to_be_visible()
            check_accessibility(page)
