"""Reading a file as rows of text, whatever office program wrote it.

`open_table` returns the header row and an iterator over (line number, cells). Rows are streamed:
memory does not grow with the file. Line numbers are the ones a person sees in a spreadsheet or
text editor (the header is line 1).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

Rows = Iterator[tuple[int, list[str]]]


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all; the message is for people."""


@dataclass
class Table:
    headers: list[str]
    rows: Rows
    kind: str  # "csv" or "xlsx", for the report
    detail: str  # delimiter and encoding, or the sheet name


# An .xlsx file is a zip archive, an old .xls an OLE compound file: trust the content, not the
# name someone gave the file.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(magic)) == magic


def open_table(path: Path) -> Table:
    from schoolprivacy.imports.formats import csv as csv_format
    from schoolprivacy.imports.formats import xlsx as xlsx_format

    if path.stat().st_size == 0:
        raise UnreadableFile(_("The file is empty."))
    if _starts_with(path, ZIP_MAGIC):
        return xlsx_format.open_xlsx(path)
    if path.suffix.lower() == ".xls" or _starts_with(path, OLE_MAGIC):
        raise UnreadableFile(
            _("Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV.")
        )
    return csv_format.open_csv(path)
