"""The one-statement read of a user's access facts (decision 0055) says what the querysets say.

`access.user_facts` writes its conditions out by hand in one UNION ALL; these tests set up every
kind of row it must take or leave (dated, ended, revoked, expired, another board's, a leaver's)
and compare its answer with the querysets it replaced, and show that nothing is kept between two
questions outside a request: a change counts at the next one, for the same user object.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schoolprivacy.access.facts import active_grants, current_memberships, open_break_glass
from schoolprivacy.access.models import Assignment, BreakGlassAccess, Grant, Role
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.selectors import current_assignments
from schoolprivacy.access.services import break_glass_open, grant_revoke
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant, staff_of
from schoolprivacy.access.user_facts import user_facts
from schoolprivacy.people.models import GroupMembership, Staff
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _expected(user, day):
    board_id = Staff.objects.get(user=user).board_id
    assignments = sorted(
        current_assignments(user, on=day).values_list("role", "school_id", "group_id"),
        key=repr,
    )
    grants = list(
        active_grants(user, board_id, day)
        .order_by("id")
        .values_list("id", "scope", "school_id", "group_id", "category_key")
    )
    now = timezone.now()
    emergency = list(
        open_break_glass(user, board_id, now)
        .order_by("-expires_at", "-id")
        .values_list("id", "pupil_id")
    )
    groups = current_assignments(user, on=day).exclude(group=None).values("group_id")
    members = set(
        GroupMembership.objects.filter(current_memberships(day), group_id__in=groups).values_list(
            "pupil_id", "group_id"
        )
    )
    return board_id, assignments, grants, emergency, members


def _actual(user, day):
    facts = user_facts(user, day)
    grants = [(g.id, g.scope, g.school_id, g.group_id, g.category_key) for g in facts.grants]
    return (
        facts.board_id,
        sorted(facts.assignments, key=repr),
        grants,
        list(facts.break_glass),
        set(facts.members),
    )


@pytest.fixture
def busy_teacher(world):
    """A teacher with every kind of row the read must take or leave out."""
    today = timezone.localdate()
    teacher = world.teacher
    staff = staff_of(teacher)
    # A second current assignment, one that ended yesterday and one that starts tomorrow.
    factories.assign(staff, Role.TEACHER, group=world.group_a2)
    ended = factories.assign(staff, Role.CARE_COORDINATOR, school=world.school_a)
    Assignment.objects.filter(pk=ended.pk).update(
        starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=1)
    )
    later = factories.assign(staff, Role.LOCATION_DIRECTOR, school=world.school_a)
    Assignment.objects.filter(pk=later.pk).update(starts_on=today + timedelta(days=1))
    # A pupil who left the group yesterday and one who joins it tomorrow are not members today.
    moved = factories.make_pupil(group=world.group_a, first_name="Bram", surname="Smit")
    GroupMembership.objects.filter(pupil=moved).update(
        starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=1)
    )
    joining = factories.make_pupil(group=world.group_a, first_name="Lot", surname="Mulder")
    GroupMembership.objects.filter(pupil=joining).update(starts_on=today + timedelta(days=1))
    # Grants of each scope, one revoked, one that ended, one that starts next week.
    for scope, extra in (
        (Grant.Scope.SCHOOL, {}),
        (Grant.Scope.GROUP, {"group": world.group_a2}),
        (Grant.Scope.PUPILS, {"pupils": [world.pupil_a2]}),
    ):
        make_grant(
            approver=world.director, grantee=teacher, school=world.school_a, scope=scope, **extra
        )
    revoked = make_grant(approver=world.director, grantee=teacher, school=world.school_a)
    grant_revoke(actor=world.director, grant=revoked)
    expired = make_grant(approver=world.director, grantee=teacher, school=world.school_a)
    Grant.objects.filter(pk=expired.pk).update(
        starts_on=today - timedelta(days=20), ends_on=today - timedelta(days=1)
    )
    make_grant(
        approver=world.director,
        grantee=teacher,
        school=world.school_a,
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=14),
    )
    # Two open emergency accesses and one that expired.
    break_glass_open(user=teacher, pupil=world.pupil_a, reason="Valpartij, ouders bellen nu")
    second = break_glass_open(user=teacher, pupil=world.pupil_a2, reason="Allergie, ouders bellen")
    BreakGlassAccess.objects.filter(pk=second.pk).update(
        expires_at=timezone.now() + timedelta(hours=6)
    )
    old = break_glass_open(user=teacher, pupil=world.pupil_a, reason="Valpartij van vorige week")
    BreakGlassAccess.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - timedelta(days=7),
        expires_at=timezone.now() - timedelta(days=7) + timedelta(hours=4),
    )
    return teacher


def test_it_reads_what_the_querysets_read_today(world, busy_teacher):
    today = timezone.localdate()
    expected = _expected(busy_teacher, today)
    assert _actual(busy_teacher, today) == expected
    # Every kind is there, so the comparison compared something.
    _board, assignments, grants, emergency, members = expected
    assert len(assignments) == 2 and len(grants) == 3 and len(emergency) == 2
    assert members == {(world.pupil_a.pk, world.group_a.pk), (world.pupil_a2.pk, world.group_a2.pk)}


@pytest.mark.parametrize("days", [-30, -1, 1, 7, 10])
def test_it_reads_what_the_querysets_read_on_other_days(busy_teacher, days):
    day = timezone.localdate() + timedelta(days=days)
    assert _actual(busy_teacher, day) == _expected(busy_teacher, day)


def test_a_leaver_has_no_assignments_and_the_board_still_known(world):
    Staff.objects.filter(user=world.care_coordinator).update(
        left_on=timezone.localdate() - timedelta(days=1)
    )
    facts = user_facts(world.care_coordinator)
    assert facts.board_id == world.board.pk
    assert facts.assignments == ()


def test_another_boards_grant_is_not_read(world):
    grant = make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    Grant.objects.filter(pk=grant.pk).update(board=staff_of(world.other_board_staff).board)
    assert user_facts(world.teacher).grants == ()


def test_it_is_one_statement(world):
    make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Valpartij, ouders bellen")
    with CaptureQueriesContext(connection) as queries:
        facts = user_facts(world.teacher)
    assert len(queries) == 1
    assert facts.assignments and facts.grants and facts.break_glass


def test_an_ended_assignment_stops_counting_at_the_next_question(world):
    teacher = world.teacher  # the same user object throughout: nothing kept on it
    assert world.pupil_a in visible_pupils(teacher)
    Assignment.objects.filter(staff__user=teacher).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    assert world.pupil_a not in visible_pupils(teacher)
    assert not decide(teacher, world.pupil_a, "pupil.identity").allowed


def test_a_revoked_grant_stops_counting_at_the_next_question(world):
    teacher = world.teacher
    grant = make_grant(approver=world.director, grantee=teacher, school=world.school_a)
    assert world.pupil_a2 in visible_pupils(teacher)
    assert decide(teacher, world.pupil_a2, DIAGNOSIS).allowed
    # update() sends no signal: only reading afresh can notice this.
    Grant.objects.filter(pk=grant.pk).update(
        revoked_at=timezone.now(), revoked_by=staff_of(world.director)
    )
    assert world.pupil_a2 not in visible_pupils(teacher)
    assert not decide(teacher, world.pupil_a2, DIAGNOSIS).allowed


# --- PostgreSQL: the statement is prepared once per connection (decision 0062) -------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements on PostgreSQL"
)


def _prepared_facts_statements():
    """(generic plans, custom plans) run of each prepared facts statement on this connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%'break_glass' AS kind%"],
        )
        return cursor.fetchall()


@on_postgresql
def test_the_statement_is_prepared_once_whoever_asks(world):
    for user in (world.teacher, world.care_coordinator, world.teacher, world.director):
        user_facts(user)
    # One statement for every user (the user is a parameter), run four times more than before.
    assert len(_prepared_facts_statements()) == 1


@on_postgresql
def test_a_generic_plan_reads_what_the_querysets_read(world, busy_teacher):
    """PostgreSQL plans a prepared statement for its parameters five times, then may keep one
    plan for every parameter: the user, the day and the moment must still count in it."""
    user_facts(busy_teacher)  # prepared
    [(generic_before, _custom)] = _prepared_facts_statements()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    for days in (0, -30, -1, 1, 7, 10):
        day = timezone.localdate() + timedelta(days=days)
        assert _actual(busy_teacher, day) == _expected(busy_teacher, day)
    today = timezone.localdate()
    assert _actual(world.care_coordinator, today) == _expected(world.care_coordinator, today)
    # An emergency access that expired a second ago no longer counts, in the same plan.
    BreakGlassAccess.objects.filter(staff__user=busy_teacher).update(
        opened_at=timezone.now() - timedelta(hours=1),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert user_facts(busy_teacher).break_glass == ()
    assert _actual(busy_teacher, today) == _expected(busy_teacher, today)
    [(generic_after, _custom)] = _prepared_facts_statements()
    assert generic_after - generic_before == 9  # every read above ran the generic plan


@on_postgresql
def test_without_prepared_statements_it_reads_the_same(world, busy_teacher):
    """DB_PREPARED_STATEMENTS=false leaves the connection's prepare_threshold unset: psycopg
    then runs the statement unprepared, with the same answer."""
    raw = connection.connection
    before = len(_prepared_facts_statements())
    threshold, raw.prepare_threshold = raw.prepare_threshold, None
    try:
        today = timezone.localdate()
        assert _actual(busy_teacher, today) == _expected(busy_teacher, today)
    finally:
        raw.prepare_threshold = threshold
    assert len(_prepared_facts_statements()) == before
