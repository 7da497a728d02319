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
    "line 6, column ouder1 email: 'tom@' is not an email address",
    "line 6, column ouder1 relatie: 'oom' is not a known relation "
    "(ouder, moeder, vader, voogd, pleegouder)",
    "line 6, column ouder1 gezag: 'misschien' is not ja or nee",
    "line 7: pupil number also on line 6",
    "line 8, column Datum Inschrijving: '1 augustus 2021' is not a date; write it as dd-mm-yyyy",
    "line 9, column Datum Inschrijving: the enrolment date is not after the date of birth",
    "line 9, column ouder1 gezag: a voogd always has parental authority",
    "line 10, column ouder1 gezag: say whether this guardian has parental authority (ja/nee)",
]


def test_every_problem_is_reported_with_line_column_and_reason(world: World) -> None:
    report = run(world, "ugly.csv")
    assert messages(report) == EXPECTED


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
