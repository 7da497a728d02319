"""Excel .xlsx through openpyxl in read-only mode: rows are streamed from the zip, never loaded."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from django.utils.translation import gettext as _

from schoolprivacy.imports.formats import Rows, Table, UnreadableFile


def cell_text(value: Any) -> str:
    """Cells as the text a person sees: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def open_xlsx(path: Path) -> Table:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged archive
        raise UnreadableFile(_("This Excel file cannot be opened; is it damaged?")) from exc
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        book.close()
        raise UnreadableFile(_("The file is empty.")) from None
    headers = [cell_text(value) for value in first]

    def rows() -> Rows:
        try:
            for line, values in enumerate(iterator, start=2):
                cells = [cell_text(value) for value in values]
                if any(cells):
                    yield line, cells
        finally:
            book.close()

    return Table(headers=headers, rows=rows(), kind="xlsx", detail=sheet.title)
