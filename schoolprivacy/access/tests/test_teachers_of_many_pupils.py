"""A teacher of very many pupils gets their list, whatever the database allows per statement.

The pupils of a teacher's groups come with the user's facts (decision 0055) and are listed by id.
A physical-education or music teacher of a secondary school teaches every group: well over a
thousand pupils. SQLite builds before 3.32 allow 999 variables in a statement (later builds
32766 by default), so a list of ids that long must not become one variable per pupil.
"""

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import connection

from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.people.models import GroupMembership, Pupil

pytestmark = pytest.mark.django_db

MANY = 1100


@pytest.fixture
def old_sqlite_limit() -> Iterator[None]:
    """The variable limit of SQLite builds before 3.32 (PostgreSQL has no such limit)."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        yield
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def _fill(group, template: Pupil) -> None:
    Pupil.objects.bulk_create(
        Pupil(
            board=group.board,
            school=group.school,
            given_names="Kim",
            first_name="Kim",
            surname=f"Veel {number}",
            date_of_birth=template.date_of_birth,
            enrolled_on=template.enrolled_on,
        )
        for number in range(MANY)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(
            board=group.board, pupil=pupil, group=group, starts_on=group.school_year.starts_on
        )
        for pupil in Pupil.objects.filter(surname__startswith="Veel ")
    )


def test_a_teacher_of_more_pupils_than_sqlite_has_variables_sees_them_all(world, old_sqlite_limit):
    _fill(world.group_a, world.pupil_a)
    visible = set(visible_pupils(world.teacher).values_list("pk", flat=True))
    members = set(
        GroupMembership.objects.filter(group=world.group_a).values_list("pupil_id", flat=True)
    )
    assert len(members) == MANY + 1
    assert visible == members
    # Still only their own groups: a pupil of another group stays out, and decide() agrees.
    assert world.pupil_a2.pk not in visible
    assert not decide(world.teacher, world.pupil_a2, "pupil.identity").allowed
