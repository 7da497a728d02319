"""Fuzzing the import with generated files (issue 18.5): a clear refusal or a report, never a crash.

Files are built from the headers real exports carry, in a random order and subset, with cells
that are valid, wrong, empty, quoted badly, full of control characters or huge; written with a
random delimiter, line ending and encoding (BOMs included), sometimes with random bytes spliced
in, and sometimes as a damaged .xlsx. Whatever the file, `import_las` either refuses it with a
message for people (`UnreadableFile`, in Dutch or English) or returns a report whose problems
all read as sentences; and an import that is refused or blocked leaves every table as it was.
"""

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.imports.formats import UnreadableFile
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import TODAY
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import Group

pytestmark = pytest.mark.django_db

# The columns an export needs, and values a real export has in them.
REQUIRED = {
    "Leerlingnummer": ["1001", "1002", "1003", "0042"],
    "Roepnaam": ["Sem", "Zoë", "Renée"],
    "Achternaam": ["Vries", "Hoekstra", "Kok"],
    "Geboortedatum": ["14-03-2017", "7-1-2011", "2016-04-01"],
    "Datum inschrijving": ["01-08-2021", "1-8-2023"],
}
OPTIONAL = {
    "Voornamen": ["Sem Johannes"],
    "Voorvoegsel": ["de", "van der"],
    "Groep": ["Groep 5a", "2B", "6"],
    "BSN": ["200000007", "200000032"],
    "Datum uitschrijving": ["", "31-07-2026"],
    "Ouder 1 naam": ["Peter de Vries"],
    "Ouder 1 relatie": ["Vader", "moeder", "stiefmoeder", "pleegouder", "voogd", "oom"],
    "Ouder 1 gezag": ["ja", "nee"],
    "Ouder 1 e-mail": ["peter@example.nl", "josé@example.nl", "tom@"],
    "Ouder 1 telefoon": ["06-12345678"],
    "Ouder 2 naam": ["Anna de Vries-Bakker"],
    "Ouder 2 relatie": ["Moeder", "grootouder"],
    "Ouder 2 gezag": ["ja"],
}
ODD = ["", "31-02-2015", "123456789", "misschien", '"', '""', '"a;b"', "\x00", "\r", "\ufeff"]
odd_cells = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=20),
    # Huge fields: past the csv module's limit (131,072 characters) and past every column length.
    st.builds(lambda t, n: t * n, st.sampled_from(["x", "é", '"', "1"]), st.integers(1, 200_000)),
)


def _cell(header: str) -> st.SearchStrategy[str]:
    values = {**REQUIRED, **OPTIONAL}.get(header)
    if values is None:
        return odd_cells
    # Mostly what the column holds, so rows get as far as the checks and the database.
    return st.one_of(st.sampled_from(values), st.sampled_from(values), odd_cells)


def _headers() -> st.SearchStrategy[list[str]]:
    every = list(REQUIRED) + list(OPTIONAL)
    complete = st.builds(
        lambda extra, junk, order: [*REQUIRED, *extra, *junk],
        st.lists(st.sampled_from(list(OPTIONAL)), unique=True),
        st.lists(st.text(max_size=12), max_size=1),
        st.just(None),
    ).flatmap(st.permutations)
    partial = st.builds(
        lambda order, keep: order[:keep], st.permutations(every), st.integers(0, len(every))
    )
    return st.one_of(complete, complete, complete, partial).map(list)


def _tables() -> st.SearchStrategy[list[list[str]]]:
    def rows(header: list[str]) -> st.SearchStrategy[list[list[str]]]:
        row = st.tuples(*[_cell(name) for name in header]).map(list)
        # Rows one cell short or long, as hand-edited files have them.
        ragged = st.builds(lambda r, n: [*r, ""][: max(0, len(r) + n)], row, st.integers(-2, 1))
        return st.lists(st.one_of(row, row, ragged), max_size=5).map(lambda body: [header, *body])

    return _headers().flatmap(rows)


def _csv_text(table: list[list[str]], delimiter: str, quoted: bool, newline: str) -> str:
    if not quoted:  # quotes and delimiters inside cells break the quoting, as hand-made files do
        return newline.join(delimiter.join(row) for row in table) + newline
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(table)
    return out.getvalue()


def _xlsx(table: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in table:
        # openpyxl refuses control characters itself; a damaged file is what is fuzzed here.
        sheet.append([cell.translate(dict.fromkeys(range(32))) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(_tables())
    kind = draw(st.sampled_from(["csv", "csv", "csv", "xlsx", "bytes"]))
    if kind == "bytes":
        return draw(st.sampled_from([".csv", ".xlsx", ".txt"])), draw(st.binary(max_size=300))
    if kind == "xlsx":
        content = _xlsx([row[:30] for row in table])
        # openpyxl stamps the save time into the file, so its length varies between runs: a
        # draw bounded by the length would make Hypothesis replay a different example.
        cut = len(content) * draw(st.integers(0, 1000)) // 1000
        damage = draw(st.sampled_from(["truncate", "splice", "none"]))
        if damage == "truncate":
            content = content[:cut]
        elif damage == "splice":
            content = content[:cut] + draw(st.binary(min_size=1, max_size=40)) + content[cut:]
        return ".xlsx", content
    text = _csv_text(
        table,
        draw(st.sampled_from([";", ",", "\t", "|"])),
        draw(st.booleans()),
        draw(st.sampled_from(["\r\n", "\n", "\r"])),
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]))
    content = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(content)))
        content = content[:at] + draw(st.binary(min_size=1, max_size=8)) + content[at:]
    return draw(st.sampled_from([".csv", ".txt", ".tsv"])), content


def _counts() -> tuple[int, ...]:
    models: list[Any] = [Pupil, Guardian, GuardianRelation, GroupMembership, Group, AuditEvent]
    return tuple(model.objects.count() for model in models)


def _is_sentence(text: str) -> bool:
    return bool(text.strip()) and "Traceback" not in text and "object has no" not in text


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    # One world for all examples: every example counts the rows before and after itself.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(file=files(), language=st.sampled_from(["nl", "en"]), skip_bad_rows=st.booleans())
def test_any_file_is_refused_clearly_or_reported_and_a_refusal_writes_nothing(
    world, tmp_path_factory, file, language, skip_bad_rows
):
    suffix, content = file
    path: Path = tmp_path_factory.mktemp("fuzz") / f"export{suffix}"
    path.write_bytes(content)
    before = _counts()
    with translation.override(language):
        try:
            report = import_las(
                path=path,
                school=world.school_a,
                actor=world.administration,
                today=TODAY,
                skip_bad_rows=skip_bad_rows,
            )
        except UnreadableFile as refusal:
            assert _is_sentence(str(refusal)), repr(refusal)
            event(f"refused: {refusal}"[:60])
            assert _counts() == before
            return
        for problem in [*report.problems, *report.warnings]:
            assert _is_sentence(str(problem)), problem
    event("applied" if report.applied else "blocked" if report.blocked else "checked")
    if not report.applied:
        assert _counts() == before


@pytest.mark.parametrize("cut", [1, 3])
def test_a_utf16_file_cut_in_a_character_is_refused_as_unreadable(world, tmp_path, cut):
    # Found by the fuzzing above: the odd last byte raised UnicodeDecodeError from the rows.
    text = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving\n"
    text += "1001;Sem;Vries;14-03-2017;01-08-2021\n" * 3
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-16")[:-cut])
    before = _counts()
    with translation.override("en"), pytest.raises(UnreadableFile, match="cannot be read as text"):
        import_las(path=path, school=world.school_a, actor=world.administration, today=TODAY)
    assert _counts() == before


def test_a_pupil_number_with_a_nul_byte_is_a_problem_not_a_database_error(world, tmp_path):
    # Found by the fuzzing above on PostgreSQL, whose text cannot hold NUL: the number of a line
    # that could not be read was still looked up ("has this pupil left?").
    text = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving\n"
    text += "10\x0001;Sem;Vries;14-03-2017;01-08-2021\n\x00;Zoë;Kok;7-1-2011;1-8-2023\n"
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode())
    before = _counts()
    with translation.override("en"):
        report = import_las(path=path, school=world.school_a, actor=world.administration)
    assert report.blocked and not report.applied
    assert [problem.line for problem in report.problems] == [2, 3]
    assert "control character" in str(report.problems[0])
    assert _counts() == before
