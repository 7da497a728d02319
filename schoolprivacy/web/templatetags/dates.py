"""One date format per context (issue 19): dates in running text are written out ("5 december
2026"), dates in tables are short ("5-12-2026"), in the reader's language. Templates write
`{{ day|text_date }}` or `{{ day|table_date }}` (and `text_datetime`, `table_datetime` for a
moment), never a format of their own; web/tests/test_date_formats.py checks every template.
Machine-readable dates (`datetime="..."`, form values) keep `date:'Y-m-d'` or `date:'c'`.
"""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def text_date(value: date | datetime | None) -> str:
    return "" if value is None else formats.date_format(_local(value), "DATE_FORMAT")


@register.filter
def table_date(value: date | datetime | None) -> str:
    return "" if value is None else formats.date_format(_local(value), "SHORT_DATE_FORMAT")


@register.filter
def text_datetime(value: datetime | None) -> str:
    return "" if value is None else formats.date_format(_local(value), "DATETIME_FORMAT")


@register.filter
def table_datetime(value: datetime | None) -> str:
    return "" if value is None else formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")
