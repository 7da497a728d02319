"""OneRoster 1.2 CSV output validates against the binding's file and header rules."""

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests import oneroster_rules
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = pytest.mark.django_db

EVERYTHING = [
    "pseudonym",
    "first_name",
    "surname_prefix",
    "surname",
    "year_group",
    "group",
    "teacher_names",
    "email",
    "date_of_birth",
]


def _export(world: World, fields: list[str]) -> bytes:
    agreement = make_agreement(world, fields=fields)
    made = export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="oneroster"
    )
    return made.file.read()


def test_a_full_roster_validates(world: World) -> None:
    files = oneroster_rules.read(_export(world, EVERYTHING))
    assert set(files) == {
        "orgs.csv",
        "users.csv",
        "roles.csv",
        "academicSessions.csv",
        "courses.csv",
        "classes.csv",
        "enrollments.csv",
        "demographics.csv",
    }
    students = [r for r in files["roles.csv"] if r["role"] == "student"]
    teachers = [r for r in files["roles.csv"] if r["role"] == "teacher"]
    assert len(students) == 2 and len(teachers) == 1  # the teacher of group 5a
    # Never gender, never demographics beyond the approved birth date.
    for row in files["demographics.csv"]:
        assert row["sex"] == "" and row["birthDate"]


def test_a_narrow_roster_has_no_classes_and_no_demographics(world: World) -> None:
    files = oneroster_rules.read(_export(world, ["pseudonym", "first_name", "surname"]))
    assert set(files) == {"orgs.csv", "users.csv", "roles.csv"}


def test_the_same_data_gives_the_same_bytes(world: World) -> None:
    agreement = make_agreement(world, fields=EVERYTHING)
    checksums = {
        export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="oneroster"
        ).export.checksum
        for _ in range(2)
    }
    assert len(checksums) == 1


def test_a_roster_without_a_key_or_names_is_refused(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "group"])
    with pytest.raises(ExportRefused):
        export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="oneroster"
        )
