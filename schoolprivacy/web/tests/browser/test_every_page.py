"""Every page of every persona, at 360 px (a phone) and 1280 px (a desktop), in Dutch and English
(issue 19).

The pages are not listed by hand: `crawl.py` finds what each demo persona reaches (every
parameterless route plus every link), so pages added by any app are checked as soon as a persona
can reach them. One address per route and persona; in the browser one visit per route and
language and width (the first persona that reaches it), which keeps the run time bounded: one
browser, one context per persona and language whose tabs are resized between the two passes.

Fails on: a page that scrolls sideways or holds a box that does (a table in a scrolling wrapper
counts), a serious or critical axe-core violation, a 500, and a link to a page that is not there.
"""

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from schoolprivacy.accounts.models import User
from schoolprivacy.demo.personas import (
    PARENT_PERSONAS,
    PUPIL_EMAIL,
    STAFF_PERSONAS,
)
from schoolprivacy.demo.tests.conftest import run_demo
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff
from schoolprivacy.web.tests.browser.accessibility import axe_source, check_accessibility
from schoolprivacy.web.tests.browser.conftest import DESKTOP, PHONE, new_page
from schoolprivacy.web.tests.browser.crawl import Crawl, crawl, parameterless_paths

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam

pytestmark = pytest.mark.browser

# Anything that scrolls sideways: the page itself, or a box inside it.
SIDEWAYS = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    found.push(`the page (${root.scrollWidth} px wide)`);
  }
  for (const el of document.querySelectorAll("main *, header *")) {
    const style = getComputedStyle(el);
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      found.push(`${name} (${el.scrollWidth} px in ${el.clientWidth})`);
    }
  }
  return found;
}"""


def _personas() -> list[User]:
    users = [User.objects.get(username=persona.username) for persona in STAFF_PERSONAS]
    users += [User.objects.get(email=email) for _, email in PARENT_PERSONAS]
    users.append(User.objects.get(email=PUPIL_EMAIL))
    return users


def _client_for(user: User) -> Client:
    return (
        sign_in_staff(Client(), user)
        if user.kind == User.Kind.STAFF
        else sign_in_parent(Client(), user)
    )


def crawl_every_persona() -> tuple[dict[str, tuple[User | None, str]], list[str]]:
    """route -> (first persona reaching it, one address), and every broken link found.

    None is the anonymous visitor (sign-in pages, the public privacy statements).
    """
    routes: dict[str, tuple[User | None, str]] = {}
    broken: list[str] = []
    start = parameterless_paths()
    anonymous = crawl(Client(), start=start)
    found: list[tuple[User | None, Crawl]] = [(None, anonymous)]
    for persona in _personas():
        found.append((persona, crawl(_client_for(persona), start=["/", *start])))
    for user, result in found:
        who = user.username if user else "anonymous"
        broken += [f"{who}: {line}" for line in result.broken]
        for route, page in result.pages.items():
            routes.setdefault(route, (user, page.url))
    return routes, broken


# Tabs loading at once per persona and language. The live server answers each request in its own
# thread; with SQLite in memory all those threads share one connection and answer one request at a
# time (`one_request_at_a_time`), and four tabs took longer than one (113 against 100 s), so there
# it is one tab.
PARALLEL_TABS = 4

# A phone first (where tables must become cards), then a desktop (where wide tables and long
# navigation must still fit); the tabs are resized, not reopened.
WIDTHS = (PHONE, DESKTOP)


def _parallel_tabs() -> int:
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    return 1 if in_memory else PARALLEL_TABS


@pytest.fixture
def persona_tabs(
    chromium: Browser, live_server
) -> Iterator[Callable[[User | None, str], list[Page]]]:
    """Tabs per persona and language, signed in, axe-core preloaded (phone-sized at first).

    One browser context per persona and language for the whole run: signing in and loading
    axe-core happen once, not once per page.
    """
    contexts: dict[tuple[int | None, str], BrowserContext] = {}
    tabs: dict[tuple[int | None, str], list[Page]] = {}

    def tabs_for(user: User | None, language: str) -> list[Page]:
        key = (user.pk if user else None, language)
        if key not in tabs:
            context = chromium.new_context(viewport=PHONE, locale="nl-NL")
            context.set_default_timeout(15_000)
            # Injected before each page's own scripts, outside the CSP, once per context.
            context.add_init_script(axe_source())
            cookies: list[SetCookieParam] = [
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
            ]
            if user is not None:
                client = _client_for(user)
                name = settings.SESSION_COOKIE_NAME
                cookies.append(
                    {"name": name, "value": client.cookies[name].value, "url": live_server.url}
                )
            context.add_cookies(cookies)
            contexts[key] = context
            tabs[key] = [new_page(context) for _ in range(_parallel_tabs())]
        return tabs[key]

    yield tabs_for
    for context in contexts.values():
        context.close()


# The language and anything that scrolls sideways, in one round trip to the page.
LOOK = f"() => ({{lang: document.documentElement.lang, sideways: ({SIDEWAYS})()}})"


def _check(
    tabs: list[Page], visits: list[tuple[str, str]], *, language: str, width: int, base: str
) -> list[str]:
    """Load up to len(tabs) pages at once, then check each; axe on the Dutch passes only.

    Navigation starts in every tab before any is awaited, so the server renders one page while
    the browser lays out another. `wait_for_url` with "load" waits for the page's own load event
    (styles and scripts are there), not for the network to fall silent.
    """
    problems: list[str] = []
    for tab, (_who, url) in zip(tabs, visits, strict=False):
        tab.evaluate("(url) => { window.location.href = url; }", base + url)
    for tab, (who, url) in zip(tabs, visits, strict=False):
        # Up to a minute: several tabs load at once, and on a busy CI machine one page can take
        # longer than the default; a page that never loads still fails.
        tab.wait_for_url(base + url, wait_until="load", timeout=60_000)
        found = tab.evaluate(LOOK)
        if found["lang"] != language:
            problems.append(f"{url} ({who}) is in {found['lang']!r}, not {language!r}")
        for box in found["sideways"]:
            problems.append(f"{url} ({who}, {language}, {width} px) scrolls sideways: {box}")
        # axe once per page: its rules do not depend on the language of the text, and the
        # English pass checks the language and the layout with the longer or shorter words.
        if language == "nl":
            try:
                check_accessibility(tab)
            except AssertionError as error:
                problems.append(f"({who}, {width} px) {error}")
    return problems


def test_every_page_of_every_persona_fits_a_phone_and_a_desktop_in_dutch_and_english(
    transactional_db, live_server, persona_tabs
):
    run_demo()
    routes, broken = crawl_every_persona()
    assert len(routes) > 20, f"the crawl found too few pages to mean anything: {sorted(routes)}"

    problems: list[str] = [f"broken: {line}" for line in broken]
    by_persona: dict[int | None, tuple[User | None, list[tuple[str, str]]]] = {}
    for _route, (user, url) in sorted(routes.items()):
        who = user.username if user else "anonymous"
        by_persona.setdefault(user.pk if user else None, (user, []))[1].append((who, url))
    visited = 0
    for user, visits in by_persona.values():
        for language in ("nl", "en"):
            tabs = persona_tabs(user, language)
            for viewport in WIDTHS:
                for tab in tabs:
                    # A blank page first: a tab still showing the address it is sent to next
                    # would reload it, and `wait_for_url` would not wait for that.
                    tab.goto("about:blank")
                    tab.set_viewport_size(viewport)
                for start in range(0, len(visits), len(tabs)):
                    batch = visits[start : start + len(tabs)]
                    problems += _check(
                        tabs,
                        batch,
                        language=language,
                        width=viewport["width"],
                        base=live_server.url,
                    )
                    visited += len(batch)
    # Every route found was visited in both languages at both widths: the batching dropped none.
    assert visited == 2 * len(WIDTHS) * len(routes)

    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
