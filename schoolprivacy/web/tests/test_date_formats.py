"""One date format per context (issue 19): written out in running text, short in tables, through
the filters of web/templatetags/dates.py. Every template of the product is read: a date shown
with a format of its own, or a text date in a table (or a table date in text), fails."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation

import schoolprivacy
from schoolprivacy.web.templatetags.dates import (
    table_date,
    table_datetime,
    text_date,
    text_datetime,
)

PACKAGE = Path(schoolprivacy.__file__).resolve().parent
# A date shown to people with a format picked by the template itself.
OWN_FORMAT = re.compile(r"\|date:[\"'](?:SHORT_)?DATE(?:TIME)?_FORMAT[\"']")
FILTER = re.compile(r"\|(text|table)_date(?:time)?\b")
CELL = re.compile(r"<(/?)t[dh]\b")


def in_table_cell(text: str, position: int) -> bool:
    """Whether `position` lies inside a table cell: the last cell tag before it opens one."""
    tags = CELL.findall(text, 0, position)
    return bool(tags) and tags[-1] == ""


def date_problems(text: str) -> list[str]:
    problems = []
    for match in OWN_FORMAT.finditer(text):
        problems.append(f"{match.group(0)}: use text_date/table_date (web/templatetags/dates.py)")
    for match in FILTER.finditer(text):
        in_cell = in_table_cell(text, match.start())
        if in_cell and match.group(1) == "text":
            problems.append(f"{match.group(0)} in a table cell: use the table_ filter")
        if not in_cell and match.group(1) == "table":
            problems.append(f"{match.group(0)} outside a table: use the text_ filter")
    return problems


def _templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*.html") if "/admin/" not in str(p))


def test_every_template_shows_dates_in_the_format_of_their_context():
    found = []
    for path in _templates():
        for problem in date_problems(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(PACKAGE)}: {problem}")
    assert len(_templates()) > 50, "the templates are found"
    assert not found, f"{len(found)} date(s) in another format:\n" + "\n".join(found)


def test_the_checker_sees_a_cell():
    assert date_problems("<td>{{ d|text_date }}</td>")
    assert date_problems("<p>{{ d|table_date }}</p>")
    assert date_problems('<p>{{ d|date:"SHORT_DATE_FORMAT" }}</p>')
    assert not date_problems("<td>{{ d|table_date }}</td><p>{{ d|text_date }}</p>")


@pytest.mark.parametrize(
    ("language", "text", "table"),
    [("nl", "5 december 2026", "5-12-2026"), ("en", "Dec. 5, 2026", "12/05/2026")],
)
def test_the_filters_write_one_format_per_context(language, text, table):
    day = date(2026, 12, 5)
    with translation.override(language):
        assert text_date(day) == text
        assert table_date(day) == table
        moment = timezone.make_aware(datetime(2026, 12, 5, 14, 30))
        assert text_datetime(moment).startswith(text)
        assert table_datetime(moment).startswith(table)
        assert text_date(None) == table_date(None) == ""
