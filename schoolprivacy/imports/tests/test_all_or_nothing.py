"""An import that fails half-way leaves the school's data as it was.

The apply writes chunk by chunk in short transactions (decision 0017), so the chunks before the
failure were committed, and seen, for a moment; their data is put back from the run's journal and
the audit log says both what was written and that it was undone: it never forgets a write.
"""

import re
from pathlib import Path

import pytest

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.imports import services
from schoolprivacy.imports.tests.helpers import run
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil

HEADER = (
    "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Datum inschrijving;"
    "Ouder 1 naam;Ouder 1 gezag\n"
)


def _big_file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            out.write(
                f"{7000 + n};Kind{n};Achternaam{n};01-02-2016;Groep 4;01-08-2020;Ouder {n};ja\n"
            )
    return path


class Crash(Exception):
    pass


def _counts() -> tuple[int, ...]:
    return (
        Pupil.objects.count(),
        Guardian.objects.count(),
        GuardianRelation.objects.count(),
        GroupMembership.objects.count(),
    )


def _pupils() -> list[tuple[object, ...]]:
    return list(Pupil.objects.order_by("pk").values_list("pk", "first_name", "surname", "left_on"))


def test_a_crash_after_some_chunks_leaves_nothing_behind(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 10)
    path = _big_file(tmp_path, 35)
    before = _counts()

    def progress(rows: int) -> None:
        # Called after each written chunk: kill the import half-way through the file.
        if rows >= 20:
            raise Crash

    with pytest.raises(Crash):
        run(world, path, progress=progress)
    assert _counts() == before
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert "people.pupil.created" in actions and actions[-1] == "imports.run.undone"
    assert "imports.run.completed" not in actions


def test_a_crash_puts_back_the_values_it_overwrote(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 10)
    run(world, _big_file(tmp_path, 30))
    before, counts = _pupils(), _counts()
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(re.sub(r";Achternaam(\d)", r";Nieuw\1", _big_file(tmp_path, 25).read_text()))

    def progress(rows: int) -> None:
        if rows >= 20:
            raise Crash

    with pytest.raises(Crash):
        run(world, renamed, progress=progress)
    assert _pupils() == before and _counts() == counts
    # Without the crash the same file renames them all and marks the five missing as left.
    report = run(world, renamed)
    assert len(report.updated) == 25 and len(report.left) == 5


def test_a_dry_run_takes_no_write_lock(world: World, tmp_path: Path) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run(world, _big_file(tmp_path, 12), dry_run=True)
    statements = [q["sql"] for q in queries.captured_queries]
    writes = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN)\b", re.I)
    assert statements, "the dry run asked nothing"
    # Reads only: SELECT, or WITH ... SELECT (the access facts' statement, decision 0062).
    # (PostgreSQL logs a server-bound statement as "QUERY = '...', PARAMS = ...".)
    firsts = {re.sub(r"^QUERY = '(?:\\n|\s)*", "", sql).split()[0].upper() for sql in statements}
    assert firsts <= {"SELECT", "WITH"}, sorted(firsts)
    assert not [sql for sql in statements if writes.search(sql)]


def test_a_dry_run_shows_the_changes_and_writes_nothing(world: World, tmp_path: Path) -> None:
    before = _counts()
    report = run(world, _big_file(tmp_path, 12), dry_run=True)
    assert len(report.created) == 12 and report.guardians_created == 12
    assert not report.applied and _counts() == before
