"""The axe check itself must catch problems, or every other browser test proves nothing."""

import pytest
from playwright.sync_api import Page

from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html lang="nl"><head><title>Kapot</title></head><body><main>
<h1>Kapot</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
</main></body></html>"""


def test_it_fails_on_a_page_with_serious_problems(page: Page):
    page.set_content(BROKEN_PAGE)

    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)


def test_the_stylesheet_reaches_the_browser(world, live_server, page: Page):
    page.goto(live_server.url + "/inloggen/")

    # Contrast checks are only meaningful on the styled page.
    assert "system-ui" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
