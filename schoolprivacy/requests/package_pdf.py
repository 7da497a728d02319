"""The package as a PDF a parent can read (issue 14 item 5), fast enough for eight years of
records (goal: under 1.5 s; benchmarks/request_package.py).

WeasyPrint spends its time per box and per line (cascade, line breaking, drawing), so the layout
gives it few of both: every record is one plain paragraph of text prepared here (no inline boxes,
no tables), the purposes are described once and each category names the ones it serves (they
repeat across categories), the stylesheet has class selectors only and one system font, and
empty fields and the category key (the section says it) are left out. The JSON and CSV keep
every field.
"""

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext

from schoolprivacy.requests.package import Package, Section, Use

# Fields a section already says, or that say nothing to a parent.
_LEFT_OUT = frozenset({"category_key"})


@dataclass
class PdfUse:
    use: Use
    number: int
    categories: list[str] = field(default_factory=list)


@dataclass
class PdfSection:
    label: str
    special: bool
    uses: list[PdfUse]
    lines: list[str]


def _value(value: Any) -> str:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return str(formats.date_format(parsed.date(), "DATE_FORMAT"))
        return str(formats.date_format(parsed, "DATETIME_FORMAT"))
    if isinstance(value, date):
        return str(formats.date_format(value, "DATE_FORMAT"))
    return str(value)


def _nested(value: Any) -> str:
    """A list or mapping (a photo's publications) as words, not as JSON."""
    if isinstance(value, dict):
        return ", ".join(
            f"{gettext(str(k).replace('_', ' '))}: {_nested(v)}"
            for k, v in value.items()
            if v not in (None, "")
        )
    if isinstance(value, list):
        return "; ".join(_nested(v) for v in value)
    return _value(value)


def _line(row: dict[str, Any]) -> str:
    parts = [
        f"{item['label'][:1].upper()}{item['label'][1:]}: "
        + (_nested(raw) if isinstance(raw, list | dict) else _value(item["value"]))
        for item, name, raw in zip(row["items"], row["names"], row["raw"], strict=True)
        if name not in _LEFT_OUT and raw not in (None, "", [], {})
    ]
    return " · ".join(parts) or str(row["kind"])


def _named(section: Section) -> list[dict[str, Any]]:
    """The readable rows with each item's field name and raw value next to its label."""
    return [
        {**readable, "names": list(row["fields"]), "raw": list(row["fields"].values())}
        for readable, row in zip(section.readable, section.rows, strict=True)
    ]


def pdf_context(package: Package) -> dict[str, Any]:
    uses: dict[str, PdfUse] = {}
    sections = []
    for section in package.sections:
        mine = []
        for use in section.uses:
            found = uses.setdefault(use.title, PdfUse(use, len(uses) + 1))
            found.categories.append(section.label)
            mine.append(found)
        sections.append(
            PdfSection(
                label=section.label,
                special=section.special,
                uses=mine,
                lines=[_line(row) for row in _named(section)],
            )
        )
    return {"package": package, "uses": list(uses.values()), "sections": sections}


def as_html(package: Package) -> str:
    with translation.override(package.language):
        return render_to_string("requests/package.html", pdf_context(package))


_fonts = threading.local()


def as_pdf(package: Package) -> bytes:
    # Imported here: loading Pango costs time that pages without a PDF need not pay.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    # One font configuration per thread: it caches the font lookups between PDFs (it is not
    # made to be shared between threads).
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    document = HTML(string=as_html(package))
    return bytes(document.write_pdf(font_config=_fonts.config, presentational_hints=False))
