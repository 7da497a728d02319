"""Memory that does not grow with the file: what is known up front is kept as small values, and
model rows are loaded per chunk. With chunks of one row, every match crosses a chunk boundary."""

from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model

from schoolprivacy.conftest import World
from schoolprivacy.imports import services, sync
from schoolprivacy.imports.groups import GroupSync
from schoolprivacy.imports.guardians import GuardianSync
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.sync import PupilSync
from schoolprivacy.imports.tests.helpers import SAMPLES, TODAY, run
from schoolprivacy.people.models import GroupMembership, Guardian, Pupil


@pytest.fixture
def chunks_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 1)
    monkeypatch.setattr(sync, "LEFT_BATCH", 1)


def _no_instances(value: Any) -> bool:
    if isinstance(value, Model):
        return False
    if isinstance(value, dict):
        return all(_no_instances(k) and _no_instances(v) for k, v in value.items())
    if isinstance(value, tuple | list):
        return all(_no_instances(v) for v in value)
    return True


def test_the_index_of_what_is_known_holds_no_model_instances(world: World) -> None:
    run(world, "parnassys.csv")
    report = Report()
    pupils = PupilSync(
        school=world.school_a, actor=None, today=TODAY, report=report, channel="command"
    )
    assert len(pupils.pupils) >= 4
    guardians = GuardianSync(school=world.school_a, actor=None, report=report, channel="command")
    groups = GroupSync(
        school=world.school_a, actor=None, today=TODAY, report=report, channel="command"
    )
    indexes = [pupils.pupils, pupils.hash_owner, groups.current, groups.ended]
    indexes += [guardians.links, guardians.by_email, guardians.by_name_phone, guardians.names]
    assert all(_no_instances(index) for index in indexes)


@pytest.mark.usefixtures("chunks_of_one")
def test_chunks_of_one_row_give_the_same_result(world: World, tmp_path: Path) -> None:
    first = run(world, "parnassys.csv")
    assert sorted(first.created) == ["1001", "1002", "1003", "1004"]
    guardians = Guardian.objects.count()
    assert not run(world, "parnassys.csv").has_changes
    # One pupil changes name and group, one is no longer in the file.
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("1004;")]
    edited = "\n".join(lines).replace("1002;Lotte;", "1002;Lot;").replace("Groep 6;", "Groep 7;")
    path = tmp_path / "export.csv"
    path.write_text(edited + "\n", encoding="utf-8")
    report = run(world, path)
    assert [(c.external_id, c.fields) for c in report.updated] == [("1002", ["first_name"])]
    assert report.left == ["1004"] and Pupil.objects.get(external_id="1004").left_on == TODAY
    # Guardians are matched across chunks, never created twice.
    assert Guardian.objects.count() == guardians
    lot = Pupil.objects.get(external_id="1002")
    places = GroupMembership.objects.filter(pupil=lot).order_by("id")
    assert [(m.group.name, m.ends_on is None) for m in places] == [
        ("Groep 6", False),
        ("Groep 7", True),
    ]
