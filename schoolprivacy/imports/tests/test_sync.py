"""Create, update, left and unchanged, keyed on the pupil number within the school."""

from datetime import date
from pathlib import Path

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.imports.tests.helpers import SAMPLES, TODAY, run
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group


def _edited(tmp_path: Path, old: str, new: str, *, drop: str = "") -> Path:
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not (drop and line.startswith(drop))]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines).replace(old, new) + "\n", encoding="utf-8")
    return path


def test_new_pupils_are_created_with_groups_of_the_school_year(world: World) -> None:
    report = run(world, "parnassys.csv")
    assert sorted(report.created) == ["1001", "1002", "1003", "1004"]
    # "Groep 5a" and "Groep 7" exist already.
    assert report.groups_created == ["Groep 3", "Groep 6"]
    sem = Pupil.objects.get(external_id="1001")
    membership = GroupMembership.objects.get(pupil=sem)
    assert membership.group == world.group_a and membership.ends_on is None
    assert Group.objects.get(school=world.school_a, name="Groep 6").year_level == 6
    event = AuditEvent.objects.filter(action="imports.run.completed").get()
    assert event.context["created"] == 4 and event.actor_id == world.administration.pk


def test_the_same_file_twice_changes_nothing_the_second_time(world: World) -> None:
    run(world, "parnassys.csv")
    events = AuditEvent.objects.count()
    report = run(world, "parnassys.csv")
    assert not report.has_changes and report.unchanged == 4
    # Only the run itself is recorded.
    assert AuditEvent.objects.count() == events + 1


def test_changed_fields_are_updated_and_audited_by_name(world: World, tmp_path: Path) -> None:
    run(world, "parnassys.csv")
    path = _edited(tmp_path, "1002;Lotte;Lotte Maria;;Jansen;2-9-2016;Groep 6;200000019",
                   "1002;Lot;Lotte Maria;;Jansen;2-9-2016;Groep 7;200000056")  # fmt: skip
    report = run(world, path)
    assert [(c.external_id, c.fields) for c in report.updated] == [
        ("1002", ["first_name", "education_number"])
    ]
    lot = Pupil.objects.get(external_id="1002")
    assert lot.first_name == "Lot" and lot.education_number == "200000056"
    event = AuditEvent.objects.filter(action="people.pupil.updated").get()
    assert event.fields == ["education_number", "first_name"]
    assert "200000056" not in str(event.context) and "Lot" not in str(event.context)
    # Moved to Groep 7: the old place ends, a new one starts.
    places = GroupMembership.objects.filter(pupil=lot).order_by("id")
    assert [(m.group.name, m.ends_on is None) for m in places] == [
        ("Groep 6", False),
        ("Groep 7", True),
    ]
    assert places[1].starts_on == TODAY


def test_pupils_missing_from_a_full_export_are_marked_left(world: World, tmp_path: Path) -> None:
    run(world, "parnassys.csv")
    report = run(world, _edited(tmp_path, "", "", drop="1003;"))
    assert report.left == ["1003"]
    daan = Pupil.objects.get(external_id="1003")  # never deleted
    assert daan.left_on == TODAY
    assert GroupMembership.objects.get(pupil=daan).ends_on == TODAY
    # Pupils entered by hand (without a pupil number) are not the import's to mark.
    world.pupil_a.refresh_from_db()
    assert world.pupil_a.left_on is None
    # Back in the next export: enrolled again.
    report = run(world, "parnassys.csv")
    assert report.updated[0].fields == ["left_on"]
    assert Pupil.objects.get(external_id="1003").left_on is None


def test_a_partial_export_marks_nobody_left(world: World, tmp_path: Path) -> None:
    run(world, "parnassys.csv")
    report = run(world, _edited(tmp_path, "", "", drop="1003;"), full=False)
    assert report.left == [] and Pupil.objects.get(external_id="1003").left_on is None


def test_a_date_of_leaving_in_the_file_is_taken(world: World) -> None:
    run(world, "generic.tsv")
    assert Pupil.objects.get(external_id="3002").left_on == date(2026, 7, 15)


def test_other_schools_are_not_touched(world: World) -> None:
    world.pupil_b.external_id = "1001"
    world.pupil_b.save()
    run(world, "parnassys.csv")
    world.pupil_b.refresh_from_db()
    assert world.pupil_b.first_name == "Noor" and world.pupil_b.left_on is None


def test_an_empty_education_number_cell_keeps_the_number(world: World, tmp_path: Path) -> None:
    run(world, "parnassys.csv")
    report = run(world, _edited(tmp_path, ";200000019;", ";;"))
    assert not report.has_changes
    assert Pupil.objects.get(external_id="1002").education_number == "200000019"
