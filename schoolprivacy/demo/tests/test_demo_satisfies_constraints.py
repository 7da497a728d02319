"""bulk_create skips model validation, so check every seeded row against the model's constraints."""

from django.db import connection

from schoolprivacy.access.models import Assignment
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.schools.models import Group, Location, School, SchoolYear


def test_every_seeded_row_satisfies_its_models_constraints(demo):
    for model in (
        School,
        Location,
        SchoolYear,
        Group,
        Pupil,
        GroupMembership,
        Guardian,
        GuardianRelation,
        Staff,
        Assignment,
    ):
        rows = list(model.objects.filter(board=demo))
        assert rows, model
        for row in rows:
            row.validate_constraints()
    demo.validate_constraints()


def test_every_foreign_key_points_at_a_row(demo):
    connection.check_constraints()  # PRAGMA foreign_key_check on SQLite
