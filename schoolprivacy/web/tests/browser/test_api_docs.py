"""`/api/v1/docs` renders its operations from the app's own static files, under the app's CSP.

It used to load Swagger UI from a CDN, which the CSP blocks (and a school's server may have no
internet): a blank page. Any request to another origin fails this test.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.browser


def test_the_api_documentation_shows_its_operations(db, live_server, page: Page):
    own = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    console_errors: list[str] = []

    def watch(request: Request) -> None:
        if urlsplit(request.url).netloc not in (own, ""):
            elsewhere.append(request.url)

    page.on("request", watch)
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/api/v1/docs")

    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 5
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/me").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert not elsewhere, f"the documentation fetched from another origin: {elsewhere}"
    blocked = [text for text in console_errors if "Content Security Policy" in text]
    assert not blocked, f"the CSP blocked parts of the documentation: {blocked}"
