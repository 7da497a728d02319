"""Every new event is keyed: its hash can only be made, and checked, with AUDIT_CHAIN_KEY."""

import pytest
from django.conf import settings
from django.utils import translation

from schoolprivacy.audit.chain import SCHEME_STORED
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    return [
        audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
        for _ in range(3)
    ]


def test_new_events_use_the_keyed_scheme(events):
    assert {event.scheme for event in events} == {SCHEME_STORED}
    report = verify_chain(events[0].chain, key=settings.AUDIT_CHAIN_KEY.encode())
    assert (report.checked, report.problem, report.last) == (3, None, events[-1])


def test_under_another_key_the_first_event_already_fails(events):
    with translation.override("en"):
        report = verify_chain(events[0].chain, key=b"another key that is not the audit chain key")
        assert report.checked == 0
        assert report.problem is not None
        assert (report.problem.seq, report.problem.event_id) == (1, events[0].id)
        assert "its hash was not made with this server's AUDIT_CHAIN_KEY" in str(report.problem)
