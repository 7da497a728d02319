"""Browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server.

Playwright never downloads a browser here; it drives the system Chromium. Where Chromium or
axe-core is missing the tests are skipped with the reason, except on CI (CI=true), where a
missing browser must fail the build rather than quietly test less.

BROWSER_STRICT_WAITS=1 is for finding a test that reads a page before it is there: every tab
gets a slow network (each response late, each page streaming in over a second), and a click no
longer waits by itself for the navigation it starts (Playwright's `no_wait_after`, which its
documentation says will become the default). A read right after a click then meets the old page
or an empty one nearly every run, instead of once in a while on a loaded CI machine. The suite
passes both ways (navigation.py says how to wait; decision 0059).
"""

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

from schoolprivacy.accounts.models import User
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff
from schoolprivacy.web.tests.browser.accessibility import AXE_PATH
from schoolprivacy.web.tests.browser.one_request_at_a_time import serialize_if_shared

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}
STRICT_WAITS = os.environ.get("BROWSER_STRICT_WAITS") == "1"
# Chromium's network emulation with BROWSER_STRICT_WAITS=1: 300 ms before every response, 32 KB
# a second after it (a page of 40 KB streams in over a second, parsed as it comes).
SLOW_NETWORK = {"latency": 300, "downloadThroughput": 32 * 1024, "uploadThroughput": -1}
# How long an action or a wait may take. CI runs the PostgreSQL pass beside this one on two cores,
# so a page can take seconds; `expect` waits as long as the rest (its own default is 5 s).
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def _clicks_do_not_wait_for_navigations() -> None:
    """BROWSER_STRICT_WAITS=1 only: clicks return before the page they load has come."""
    page_click, locator_click = Page.click, Locator.click

    def click_page(self: Page, selector: str, **options: Any) -> None:
        page_click(self, selector, **{"no_wait_after": True, **options})

    def click_locator(self: Locator, **options: Any) -> None:
        locator_click(self, **{"no_wait_after": True, **options})

    Page.click = click_page  # type: ignore[method-assign]
    Locator.click = click_locator  # type: ignore[method-assign]


if STRICT_WAITS:
    _clicks_do_not_wait_for_navigations()


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(live_server: Any) -> Any:
    """pytest-django's live server, one request at a time on SQLite in memory
    (`one_request_at_a_time`)."""
    serialize_if_shared(live_server)
    return live_server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    if not AXE_PATH.exists():
        _unavailable(f"axe-core is missing at {AXE_PATH} (run npm ci)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium: Browser) -> Iterator[BrowserContext]:
    # Dutch, like most of our users; the product must default to Dutch without being told.
    context = chromium.new_context(viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def new_page(context: BrowserContext) -> Page:
    """A tab; with BROWSER_STRICT_WAITS=1, one on a slow network (see the top of this file)."""
    page = context.new_page()
    if STRICT_WAITS:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, **SLOW_NETWORK})
    return page


@pytest.fixture
def page(browser_context: BrowserContext) -> Page:
    return new_page(browser_context)


@pytest.fixture
def signed_in_as(browser_context: BrowserContext, live_server) -> Callable[[User], None]:
    """Give the browser the session of a staff member who passed both steps, or of a parent.

    Only for tests about the pages behind sign-in; the sign-in pages themselves are tested by
    typing, in test_staff_sign_in.py, test_first_sign_in.py and test_parent_sign_in.py.
    """

    def sign_in(user: User) -> None:
        client = sign_in_parent(Client(), user) if user.is_parent else sign_in_staff(Client(), user)
        name = settings.SESSION_COOKIE_NAME
        browser_context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )

    return sign_in
