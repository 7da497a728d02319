"""CSV as offices write it: comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text"), or Windows-1252."""

import codecs
import csv
from pathlib import Path

from django.utils.translation import gettext as _

from schoolprivacy.imports.formats import Rows, Table, UnreadableFile

DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 16
_NAMES = {";": "semicolon", ",": "comma", "\t": "tab"}
_ENCODINGS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16(start: bytes) -> str | None:
    """UTF-16 by its byte-order mark, or without one by the zero byte of every Latin character
    (a header row is plain letters). A UTF-8 or Windows-1252 text has no zero bytes at all."""
    if start.startswith(_UTF16_BOMS):
        return "utf-16"
    even, odd = start[0:200:2], start[1:200:2]
    if len(start) >= 4 and odd.count(0) > len(odd) * 3 // 4:
        return "utf-16-le"
    if len(start) >= 4 and even.count(0) > len(even) * 3 // 4:
        return "utf-16-be"
    return None


def detect_encoding(path: Path) -> str:
    """UTF-16 when the start says so, utf-8-sig when the whole file is valid UTF-8 (BOM or not),
    else Windows-1252.

    Excel on Windows saves "CSV" in Windows-1252; a single é decides it. The file is read in
    chunks through an incremental decoder, so a late odd byte is found without loading it all.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        wide = _utf16(handle.read(200))
        if wide is not None:
            return wide
        handle.seek(0)
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
        except UnicodeDecodeError:
            # A UTF-16 file cut off in the middle of a character (found by fuzzing, issue 18.5).
            raise UnreadableFile(_("The file cannot be read as text.")) from None
        finally:
            handle.close()

    name = _ENCODINGS.get(encoding, "UTF-16")
    return Table(headers=headers, rows=rows(), kind="csv", detail=f"{_NAMES[delimiter]}, {name}")
