"""Find every page each persona can reach, so page-wide checks cover pages added later too.

The crawl starts at every parameterless route of the URL resolver and at the persona's home, and
follows the links on each page (same origin, GET), with Django's test client: fast, and it needs
no list of pages kept by hand. A new page is covered as soon as a persona can reach it, by a
link or by its own address. Each route (URL pattern) is kept once per persona, so a list of 200
pupils does not mean 200 visits.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Not pages of the product's own layout, or not safe to visit in a crawl.
SKIPPED_PREFIXES = (
    "/api/",  # JSON; the documentation has its own browser test
    "/beheer/",  # Django's admin: technical administration, its own layout
    "/i18n/",
    "/static/",
    "/media/",
    "/healthz",
    "/uitloggen/",  # signing out would end the crawl
)


@dataclass
class Page:
    route: str  # the URL pattern, e.g. "leerlingen/<int:pupil_id>/"
    url: str  # one concrete address of it
    status: int


@dataclass
class Crawl:
    pages: dict[str, Page] = field(default_factory=dict)  # route -> first page seen
    broken: list[str] = field(default_factory=list)  # "url (status, linked from ...)"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            attributes = dict(attrs)
            href = attributes.get("href")
            if href and "download" not in attributes:
                self.hrefs.append(href)


def _walk(patterns: Iterable[URLPattern | URLResolver], prefix: str = "") -> Iterable[str]:
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, text)
        else:
            yield text


def parameterless_paths() -> list[str]:
    """Every route without parameters, as a path ("" included only once)."""
    paths = []
    for text in _walk(get_resolver().url_patterns):
        if "<" in text or "(" in text or "^" in text or "$" in text:
            continue
        path = "/" + text
        if not path.startswith(SKIPPED_PREFIXES) and path not in paths:
            paths.append(path)
    return paths


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _internal(href: str, base_path: str) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return None
    if parts.scheme and not parts.netloc:
        return None
    path = parts.path or base_path
    if not path.startswith("/"):
        return None  # relative links are not used in this product
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(
    client: Client,
    *,
    start: Iterable[str],
    limit: int = 120,
    on_page: Callable[[str, str], None] | None = None,
) -> Crawl:
    """Visit pages breadth-first from `start`, one address per route; follow links on HTML pages.

    Addresses given in `start` that answer 404 are not broken links (a route may simply not be
    this persona's); a 404 or 500 behind a link is, and so is any 500.
    """
    result = Crawl()
    queue: list[tuple[str, str | None]] = [(path, None) for path in start]
    seen: set[str] = set()
    while queue and len(result.pages) < limit:
        url, linked_from = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        route = route_of(url.split("?")[0])
        if route is None:
            if linked_from is not None:
                result.broken.append(f"{url} (no such address, linked from {linked_from})")
            continue
        if route in result.pages:
            continue
        response = client.get(url)
        if response.status_code >= 500 or (linked_from and response.status_code == 404):
            result.broken.append(f"{url} ({response.status_code}, linked from {linked_from})")
            continue
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        result.pages[route] = Page(route=route, url=url, status=response.status_code)
        html = response.content.decode(errors="replace")
        if on_page is not None:
            on_page(url, html)
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            target = _internal(href, url.split("?")[0])
            if target is not None and target not in seen:
                queue.append((target, url))
    return result
