"""The apply replays the lines the check parsed (imports.replay, decision 0060): a file is parsed
once per import, lines and problems come back exactly as the check had them, the scratch file
holds them sealed, and an unchanged start of the file (or an unchanged re-import) is not kept."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.imports import services
from schoolprivacy.imports.parsing import GuardianRow, Problem, PupilRow, RowParser
from schoolprivacy.imports.replay import Replay
from schoolprivacy.imports.scratch import Scratch
from schoolprivacy.imports.sync import Line
from schoolprivacy.imports.tests.helpers import SAMPLES, run
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db


def _lines() -> list[Line]:
    row = PupilRow(
        2, "1001",
        {"first_name": "Zoë", "given_names": "Zoë Maria", "surname_prefix": "van der",
         "surname": "Berg", "date_of_birth": date(2017, 3, 14), "enrolled_on": date(2021, 8, 1),
         "left_on": None, "education_number": "200000007", "email": ""},
        "Groep 5a",
        [GuardianRow("Peter", "de", "Vries", "parent", True, "peter@example.nl", "0612", 2,
                     "Ouder 1 naam")],
    )  # fmt: skip
    warning = Problem(2, "Ouder 2 relatie", "'oom' is not a relation we know", warning=True)
    error = Problem(3, "Geboortedatum", "is empty")
    return [Line(2, "1001", row, [warning]), Line(3, "1002", None, [error])]


def test_lines_come_back_as_they_were_kept_and_are_sealed_in_the_scratch_file() -> None:
    scratch = Scratch()
    try:
        replay = Replay(scratch)
        replay.keep(_lines(), changed=True)
        replay.keep(_lines()[:1], changed=False)  # after the first change, every chunk is kept
        assert list(replay.lines()) == [*_lines(), _lines()[0]]
        assert replay.first == 0
        stored = "".join(text for (text,) in scratch.db.execute("SELECT chunk FROM checked"))
        assert stored and "Berg" not in stored and "200000007" not in stored
    finally:
        scratch.close()


def test_chunks_before_the_first_change_are_counted_not_kept() -> None:
    scratch = Scratch()
    try:
        replay = Replay(scratch)
        replay.keep(_lines(), changed=False)
        replay.keep(_lines()[:1], changed=True)
        assert replay.first == 2
        assert list(replay.lines()) == _lines()[:1]
    finally:
        scratch.close()


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    parsed: list[int] = []
    real = RowParser.parse

    def parse(self: RowParser, line: int, cells: list[str]) -> Any:
        parsed.append(line)
        return real(self, line, cells)

    monkeypatch.setattr(RowParser, "parse", parse)
    return parsed


def test_a_first_import_parses_each_line_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    parsed = _count_parses(monkeypatch)
    report = run(world, "parnassys.csv")
    assert report.applied and len(report.created) == 4
    assert sorted(parsed) == list(range(2, 2 + report.rows)), parsed
    stored = Pupil.objects.filter(school=world.school_a, external_id__in=report.created)
    assert sorted(stored.values_list("first_name", flat=True)) == ["Daan", "Fleur", "Lotte", "Sem"]


def test_a_change_late_in_the_file_reads_only_the_unchanged_start_again(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    run(world, "parnassys.csv")
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    changed = tmp_path / "changed.csv"
    changed.write_text(text.replace("1004;Fleur;", "1004;Floor;"), encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    report = run(world, changed)
    assert report.applied and [c.external_id for c in report.updated] == ["1004"]
    # Check: lines 2-5. Apply: the first chunk (lines 2-3, unchanged) again, 4-5 replayed.
    assert parsed == [2, 3, 4, 5, 2, 3], parsed
    assert Pupil.objects.get(school=world.school_a, external_id="1004").first_name == "Floor"
    # An unchanged re-import is checked and not applied: each line once.
    parsed.clear()
    again = run(world, changed)
    assert not again.has_changes and parsed == [2, 3, 4, 5]


def test_a_file_changed_between_the_check_and_the_apply_is_applied_as_it_is_now(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The apply never writes stale lines the check kept: a file rewritten after the check (a
    path given to the command, an export tool writing it again) is parsed again, as before
    decision 0060, and applied whole as it is now, not torn between two versions."""
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    run(world, "parnassys.csv")
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "export.csv"
    path.write_text(text.replace("1004;Fleur;", "1004;Floor;"), encoding="utf-8")
    real = services._pass

    def rewritten_after_the_check(*args: Any, **options: Any) -> Any:
        report = real(*args, **options)
        if options.get("keep") is not None:  # the check: the file is written again after it
            path.write_text(
                text.replace("1004;Fleur;", "1004;Fenna;").replace("1001;Sem;", "1001;Siem;"),
                encoding="utf-8",
            )
        return report

    monkeypatch.setattr(services, "_pass", rewritten_after_the_check)
    report = run(world, path)
    assert report.applied
    names = dict(
        Pupil.objects.filter(school=world.school_a, external_id__in=["1001", "1004"]).values_list(
            "external_id", "first_name"
        )
    )
    assert names == {"1001": "Siem", "1004": "Fenna"}


def test_a_scratch_file_that_lost_a_chunk_stops_the_apply_and_undoes_it(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Kept chunks deleted from the scratch file (tampered with, or a bug) must not make a full
    import apply only part of the file and mark the rest of the school as left."""
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    run(world, "parnassys.csv")
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "export.csv"
    path.write_text(text.replace("1001;Sem;", "1001;Siem;"), encoding="utf-8")
    real = services._pass

    def last_chunk_lost(*args: Any, **options: Any) -> Any:
        report = real(*args, **options)
        if (keep := options.get("keep")) is not None:
            keep.scratch.db.execute("DELETE FROM checked WHERE id = (SELECT max(id) FROM checked)")
        return report

    monkeypatch.setattr(services, "_pass", last_chunk_lost)
    with pytest.raises(RuntimeError):
        run(world, path)
    pupils = Pupil.objects.filter(school=world.school_a)
    assert not pupils.filter(left_on__isnull=False).exists()
    assert pupils.get(external_id="1001").first_name == "Sem"  # undone
