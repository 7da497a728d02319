"""Every page a persona reaches is Dutch: no English left on a Dutch screen.

The catalogue's own checks (complete, up to date, placeholders) are in test_translations.py;
this module renders the pages and reads what a person sees.
"""

import re
from collections.abc import Callable
from html.parser import HTMLParser

from django.conf import settings

from schoolprivacy.web.tests.test_translations import (
    _PLACEHOLDER,
    COMPILED,
    HOW_TO_FIX,
    Entry,
    _messages,
    catalog,  # noqa: F401  (the fixture)
)

# --- (d) Every page a persona reaches is Dutch: no English left on a Dutch screen --------------


class _VisibleText(HTMLParser):
    """The text a reader sees (and a screen reader reads): text nodes, labels and alt texts."""

    SKIP = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0
        self._skip_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Parts marked as another language (lang="en": an English name next to the Dutch one)
        # are meant to be English.
        language = dict(attrs).get("lang")
        other_language = bool(language) and not str(language).startswith("nl") and tag != "html"
        if tag not in self.VOID and (self._skipping or tag in self.SKIP or other_language):
            self._skip_tags.append(tag)
            self._skipping += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "title", "placeholder") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") == "submit" and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tags and tag == self._skip_tags[-1]:
            self._skip_tags.pop()
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


# Words of English that are not Dutch words: a sentence holding one and shown the same in both
# languages was never translated (a string not marked for translation, or a library's).
ENGLISH_ONLY_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "this",
        "select",
        "please",
        "you",
        "are",
        "from",
        "which",
        "what",
        "who",
        "when",
        "option",
        "search",
        "should",
        "would",
        "could",
        "these",
        "those",
        "there",
        "their",
        "have",
        "has",
        "only",
    ]
)
_WORD = re.compile(r"[A-Za-z]+")


def _english_fragments(entries: list[Entry]) -> list[str]:
    """Literal pieces of translated msgids, long enough not to be a Dutch word by accident."""
    fragments = set()
    for entry in _messages(entries):
        translation = entry.msgstr.get(0, "")
        if not translation or translation == entry.msgid or entry.msgctxt is not None:
            continue
        for piece in _PLACEHOLDER.split(entry.msgid):
            piece = " ".join(piece.split()).strip(" .,:;()")
            if len(piece) >= 16 and " " in piece and piece not in translation:
                fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


def test_every_page_of_every_demo_persona_is_dutch(catalog, transactional_db):  # noqa: F811
    """Renders every page each demo persona reaches (web/tests/browser/crawl.py) in Dutch and in
    English; fails on a translated English msgid on a Dutch page, and on text shown the same in
    both languages that reads as English."""
    from django.test import Client

    from schoolprivacy.demo.tests.conftest import run_demo
    from schoolprivacy.web.tests.browser.crawl import crawl, parameterless_paths
    from schoolprivacy.web.tests.browser.test_every_page import _client_for, _personas

    assert COMPILED.exists(), f"{COMPILED.name} is missing: run compilemessages."
    run_demo()
    fragments = _english_fragments(catalog)
    problems: set[str] = set()

    def check(who: str, english: Client) -> Callable[[str, str], None]:
        def on_page(url: str, html: str) -> None:
            dutch_parts = visible_text(html)
            dutch = "\n".join(dutch_parts)
            for fragment in fragments:
                if fragment in dutch:
                    problems.add(f"{url} ({who}): English {fragment!r}")
            same = set(dutch_parts) & set(visible_text(english.get(url).content.decode()))
            for text in same:
                words = {word.lower() for word in _WORD.findall(text)}
                if words & ENGLISH_ONLY_WORDS and len(words) >= 2:
                    problems.add(f"{url} ({who}): not translated {text[:80]!r}")

        return on_page

    start = parameterless_paths()
    visitors: list[tuple[str, Client, Client]] = [("anonymous", Client(), Client())]
    for user in _personas():
        visitors.append((user.username, _client_for(user), _client_for(user)))
    for who, dutch_client, english_client in visitors:
        english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        crawl(dutch_client, start=["/", *start], on_page=check(who, english_client))

    assert not problems, (
        f"{len(problems)} piece(s) of English on Dutch pages:\n"
        + "\n".join(sorted(problems))
        + f"\n{HOW_TO_FIX}"
    )
