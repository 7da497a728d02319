"""Browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server.

Playwright never downloads a browser here; it drives the system Chromium. Where Chromium or
axe-core is missing the tests are skipped with the reason, except on CI (CI=true), where a
missing browser must fail the build rather than quietly test less.

BROWSER_SLOW_NETWORK=1 gives Chromium a slow network (each response late, each page arriving
over a second or more): a test that reads a page right after a click, before the next page is
all there, then fails nearly every time instead of once in a while on a loaded CI machine (see
navigation.py). The tests must pass both ways.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from typing import NoReturn

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

from schoolprivacy.accounts.models import User
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff
from schoolprivacy.web.tests.browser.accessibility import AXE_PATH

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
# Chromium's network emulation when BROWSER_SLOW_NETWORK=1: 300 ms before every response, 32 KB
# a second after it (a page of 40 KB streams in over a second, parsed as it comes).
SLOW_NETWORK = {"latency": 300, "downloadThroughput": 32 * 1024, "uploadThroughput": -1}
# How long an action or a wait may take. CI runs the PostgreSQL pass beside this one on two cores,
# so a page can take seconds; `expect` waits as long as the rest (its own default is 5 s).
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not be skipped)")
    pytest.skip(reason)


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
    """A tab; with BROWSER_SLOW_NETWORK=1, one on a slow network (see the top of this file)."""
    page = context.new_page()
    if os.environ.get("BROWSER_SLOW_NETWORK") == "1":
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
