"""Clicks and key presses that load another page, returning only once that page has loaded.

A click returns when the browser has been told to go; the answering page comes later. Anything
read in between (`evaluate`, `inner_text`, `title`, `is_visible`, `count`, axe, the database)
reads the old page, an empty document, or a row the server has not written yet. On a quiet
laptop that window is a few milliseconds; on CI, with the PostgreSQL pass beside this one, it was
long enough to fail (document.documentElement was null).

After a click that loads a page, wait for the new page in one of these ways, never with a sleep:
- `click_and_load` / `press_and_load` here (the only way when the answer has the same address,
  as a form that answers on its own address or a language switch that returns to it);
- `page.wait_for_url(...)` with an address the page before did NOT have (a pattern that also
  matches the old address returns at once: `**/items/*/` matches `/items/nieuw/`);
- `expect(...)` on something only the new page has (`to_have_count(0)` of an element of the old
  page is not that: it also holds between the two pages).

Run the browser tests with BROWSER_STRICT_WAITS=1 (conftest.py) to find a wait that is missing.
"""

import re
from collections.abc import Callable

from playwright.sync_api import Page

URL = str | re.Pattern[str] | Callable[[str], bool]


def click_and_load(page: Page, selector: str, *, url: URL | None = None) -> None:
    """Click `selector` and return once the page it loads (at `url`, if given) has loaded."""
    with page.expect_navigation(url=url, wait_until="load"):
        page.click(selector)


def press_and_load(page: Page, key: str, *, url: URL | None = None) -> None:
    """Press `key` on the focused element and return once the page it loads has loaded."""
    with page.expect_navigation(url=url, wait_until="load"):
        page.keyboard.press(key)
