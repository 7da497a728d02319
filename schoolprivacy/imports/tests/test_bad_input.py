"""Every class of bad input is named by line, column and reason, and changes nothing."""

from pathlib import Path

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.imports.tests.helpers import messages, run
from schoolprivacy.people.models import Guardian, Pupil

EXPECTED = [
    "line 2, column Geboorte datum: '31-02-2015' is not an existing date",
    "line 3, column ACHTER NAAM: is empty",
    "line 4, column bsn: not a valid BSN or onderwijsnummer (the 11-check fails)",
    "line 5, column bsn: an education number has nine digits",
    "line 6, column ouder1 gezag: 'misschien' is not ja or nee",
    "line 7: pupil number also on line 6",
    "line 8, column Datum Inschrijving: '1 augustus 2021' is not a date; write it as dd-mm-yyyy",
    "line 9, column Datum Inschrijving: the enrolment date is not after the date of birth",
    "line 9, column ouder1 gezag: a voogd always has parental authority",
    "line 10, column ouder1 gezag: say whether this guardian has parental authority (ja/nee)",
]


# Values that do not stop a row (issue 18.1): listed apart, also on a row with an error.
WARNINGS = [
    "line 6, column ouder1 email: 'tom@' is not an email address; the guardian is imported "
    "without it and cannot be invited",
    "line 6, column ouder1 relatie: 'oom' is not a relation we know; imported as 'other', "
    "without parental authority unless the authority column says so",
]


def test_every_problem_is_reported_with_line_column_and_reason(world: World) -> None:
    report = run(world, "ugly.csv")
    assert messages(report) == EXPECTED
    assert [str(w) for w in report.warnings] == WARNINGS


def test_a_file_with_problems_changes_nothing(world: World) -> None:
    pupils, guardians, events = (
        Pupil.objects.count(),
        Guardian.objects.count(),
        AuditEvent.objects.count(),
    )
    report = run(world, "ugly.csv")
    assert report.blocked and not report.applied
    assert (Pupil.objects.count(), Guardian.objects.count(), AuditEvent.objects.count()) == (
        pupils, guardians, events,
    )  # fmt: skip


def test_skipping_bad_rows_imports_the_good_ones_and_lists_the_skipped(world: World) -> None:
    report = run(world, "ugly.csv", skip_bad_rows=True)
    assert report.applied
    assert report.skipped_lines == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert report.created == ["4009"]  # the line after the empty one counts as line 12
    assert Pupil.objects.filter(school=world.school_a).exclude(external_id="").count() == 1


def test_errors_never_contain_the_education_number(world: World) -> None:
    report = run(world, "ugly.csv")
    assert not any("123456789" in m or "12345" in m for m in messages(report))


def test_names_longer_than_the_database_holds_are_refused(world: World, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving;"
        "Ouder 1 naam;Ouder 1 gezag\n"
        f"1;Kees;{'x' * 201};01-01-2016;01-08-2020;Piet {'y' * 201};ja\n",
        encoding="utf-8",
    )
    assert messages(run(world, path)) == [
        "line 2, column Achternaam: is longer than 200 characters",
        "line 2, column Ouder 1 naam: is longer than 200 characters",
    ]


HEADER = (
    "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving;Ouder 1 naam;Ouder 1 gezag"
)


def _file(tmp_path: Path, *rows: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def test_a_nul_byte_in_a_name_is_a_problem_not_a_value(world: World, tmp_path: Path) -> None:
    path = _file(tmp_path, "5001;Sem\x00;Vries;01-02-2016;01-08-2020;Anna\x00 Vries;ja")
    report = run(world, path)
    assert messages(report) == [
        "line 2, column Roepnaam: contains a control character (such as a NUL byte)",
        "line 2, column Ouder 1 naam: contains a control character (such as a NUL byte)",
    ]
    assert not report.applied and not Pupil.objects.filter(external_id="5001").exists()


def test_a_date_of_birth_in_1800_is_refused(world: World, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "5001;Sem;Vries;01-02-1800;01-08-2020;Anna Vries;ja",
        "5002;Bo;Vries;01-02-1990;01-08-2020;Anna Vries;ja",
        "5003;Jip;Vries;01-02-2030;01-08-2031;Anna Vries;ja",
    )
    assert messages(run(world, path)) == [
        "line 2, column Geboortedatum: '01-02-1800' is not a plausible date "
        "(the year is before 1900 or after 2100)",
        "line 3, column Geboortedatum: is not a plausible date of birth for a pupil "
        "(in the future or over 30 years ago)",
        "line 4, column Geboortedatum: is not a plausible date of birth for a pupil "
        "(in the future or over 30 years ago)",
    ]


def test_a_utf16_file_is_read_as_utf16(world: World, tmp_path: Path) -> None:
    # Excel's "Unicode text" is UTF-16 with a byte-order mark; some tools leave the mark out.
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = _file(
            tmp_path, "5001;Daniël;Vries;01-02-2016;01-08-2020;Anna Vries;ja", encoding=encoding
        )
        report = run(world, path, dry_run=True)
        assert report.created == ["5001"] and not report.problems, (encoding, messages(report))
        assert report.detail == "semicolon, UTF-16"
