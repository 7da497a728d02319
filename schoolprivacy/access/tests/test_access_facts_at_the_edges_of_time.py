"""The one-statement read of the access facts (decision 0055) at the edges of a day and an hour.

Days are the school's days (Europe/Amsterdam), not UTC: at half past midnight in Amsterdam it is
still yesterday in UTC, and an assignment that ended yesterday no longer counts. Emergency access
ends at its expiry to the microsecond, on SQLite (which compares stored text) as on PostgreSQL.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from schoolprivacy.access.facts import open_break_glass
from schoolprivacy.access.models import Assignment, BreakGlassAccess
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.tests.helpers import staff_of
from schoolprivacy.access.user_facts import user_facts

pytestmark = pytest.mark.django_db

# 5 December 2026, 23:30 UTC is 6 December, 00:30 in Amsterdam.
LAST_DAY = date(2026, 12, 5)


def test_an_assignment_ends_at_midnight_in_amsterdam_not_in_utc(world):
    Assignment.objects.filter(staff=staff_of(world.teacher)).update(ends_on=LAST_DAY)
    with time_machine.travel(datetime(2026, 12, 5, 22, 30, tzinfo=UTC), tick=False):
        assert world.pupil_a in visible_pupils(world.teacher)
        assert decide(world.teacher, world.pupil_a, "pupil.identity").allowed
    with time_machine.travel(datetime(2026, 12, 5, 23, 30, tzinfo=UTC), tick=False):
        assert timezone.localdate() == LAST_DAY + timedelta(days=1)
        assert user_facts(world.teacher).assignments == ()
        assert world.pupil_a not in visible_pupils(world.teacher)
        assert not decide(world.teacher, world.pupil_a, "pupil.identity").allowed


def test_emergency_access_ends_at_its_expiry_to_the_microsecond(world):
    # Stored without a fraction of a second: on SQLite the text is shorter than a time with one.
    expiry = datetime(2026, 12, 5, 20, 0, 0, tzinfo=UTC)
    BreakGlassAccess.objects.create(
        board=world.board,
        staff=staff_of(world.teacher),
        pupil=world.pupil_a2,
        reason="Allergische reactie, ouders bellen",
        opened_at=expiry - timedelta(hours=4),
        expires_at=expiry,
    )
    for offset, still_open in ((-1, True), (0, False), (1, False)):
        with time_machine.travel(expiry + timedelta(microseconds=offset), tick=False):
            read = [access for access, _pupil in user_facts(world.teacher).break_glass]
            queried = open_break_glass(world.teacher, world.board.pk, timezone.now())
            assert read == list(queried.values_list("id", flat=True))
            assert bool(read) is still_open
            assert (world.pupil_a2 in visible_pupils(world.teacher)) is still_open
