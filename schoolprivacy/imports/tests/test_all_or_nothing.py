"""An import that fails half-way writes nothing: not the chunks before, not the audit events."""

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
        AuditEvent.objects.count(),
    )


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


def test_a_dry_run_shows_the_changes_and_writes_nothing(world: World, tmp_path: Path) -> None:
    before = _counts()
    report = run(world, _big_file(tmp_path, 12), dry_run=True)
    assert len(report.created) == 12 and report.guardians_created == 12
    assert not report.applied and _counts() == before
