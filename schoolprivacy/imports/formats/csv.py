"""CSV as offices write it: comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252."""

import codecs
import csv
from pathlib import Path

from django.utils.translation import gettext as _

from schoolprivacy.imports.formats import Rows, Table, UnreadableFile

DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 16
_NAMES = {";": "semicolon", ",": "comma", "\t": "tab"}


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the whole file is valid UTF-8 (BOM or not), else Windows-1252.

    Excel on Windows saves "CSV" in Windows-1252; a single é decides it. The file is read in
    chunks through an incremental decoder, so a late odd byte is found without loading it all.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def detect_delimiter(header_line: str) -> str:
    # The header has no quoted values in practice; the most frequent candidate wins.
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise UnreadableFile(
            _("No columns found: separate the columns with a semicolon, comma or tab.")
        )
    return best


def open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    handle = path.open("r", encoding=encoding, errors="strict", newline="")
    first = handle.readline()
    delimiter = detect_delimiter(first)
    handle.seek(0)
    reader = csv.reader(handle, delimiter=delimiter)
    headers = next(reader)

    def rows() -> Rows:
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, [cell.strip() for cell in cells]
        except csv.Error as exc:
            # NUL bytes (a binary file named .csv) or a cell past the csv module's size limit.
            raise UnreadableFile(
                _("line %(line)d: this is not readable as CSV (%(error)s)")
                % {"line": reader.line_num + 1, "error": exc}
            ) from None
        finally:
            handle.close()

    name = "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"
    return Table(headers=headers, rows=rows(), kind="csv", detail=f"{_NAMES[delimiter]}, {name}")
