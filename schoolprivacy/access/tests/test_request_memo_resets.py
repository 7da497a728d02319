"""Within one request the policy reads grants and emergency access once, yet sees its own writes.

`access.facts` memoises per request (decision 0052); every write to a row those answers come
from forgets the memo (`access.memo_reset`), so a request that approves a grant, revokes one or
opens emergency access gets the new answer from its next question.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.services import break_glass_open, grant_revoke
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant
from schoolprivacy.lib.request_memo import request_memo

pytestmark = pytest.mark.django_db


def _visible(user) -> set[int]:
    return set(visible_pupils(user).values_list("pk", flat=True))


def _tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_grants_and_emergency_access_are_read_once_per_request(world):
    with request_memo():
        _visible(world.teacher)
        decide(world.teacher, world.pupil_a, DIAGNOSIS)
        with CaptureQueriesContext(connection) as again:
            _visible(world.teacher)
            decide(world.teacher, world.pupil_a, DIAGNOSIS)
            decide(world.teacher, world.pupil_a, "pupil.identity")
    read_again = _tables(again)
    assert "access_grant" not in read_again
    assert "access_breakglassaccess" not in read_again
    assert len(again) == 1  # the pupil list itself


def test_a_grant_approved_in_the_request_counts_at_once(world):
    with request_memo():
        assert world.pupil_a2.pk not in _visible(world.teacher)
        assert not decide(world.teacher, world.pupil_a2, DIAGNOSIS).allowed
        grant = make_grant(
            approver=world.director,
            grantee=world.teacher,
            school=world.school_a,
            scope=Grant.Scope.GROUP,
            group=world.group_a2,
        )
        assert world.pupil_a2.pk in _visible(world.teacher)
        assert decide(world.teacher, world.pupil_a2, DIAGNOSIS).allowed
        grant_revoke(actor=world.director, grant=grant)
        assert world.pupil_a2.pk not in _visible(world.teacher)
        assert not decide(world.teacher, world.pupil_a2, DIAGNOSIS).allowed


def test_emergency_access_opened_in_the_request_counts_at_once(world):
    with request_memo():
        assert not decide(world.teacher, world.pupil_a, DIAGNOSIS).allowed
        break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Valpartij, ouders bellen")
        decision = decide(world.teacher, world.pupil_a, DIAGNOSIS)
    assert decision.allowed and decision.rule == "break_glass"


def test_a_request_through_the_middleware_leaves_no_memo_behind(world, staff_client):
    from schoolprivacy.lib.request_memo import is_open

    client = staff_client(world.teacher)
    assert client.get("/leerlingen/").status_code == 200
    assert not is_open()
