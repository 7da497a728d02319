import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.tests.tampering import execute

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    made = [
        audit_record(
            action="people.pupil.updated",
            board_id=world.board.id,
            actor_id=world.administration.id,
            subjects=[Subject("people.pupil", world.pupil_a.id)],
            fields=["surname"],
            context={"n": n},
        )
        for n in range(5)
    ]
    return made


def verify() -> str:
    try:
        with translation.override("en"):
            call_command("verify_audit")
    except CommandError as error:
        return str(error)
    return "intact"


def test_it_passes_an_untouched_log(events):
    assert verify() == "intact"


def test_it_names_a_modified_event(events):
    target = events[2]
    execute(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["people.pupil.viewed", target.id]
    )
    assert f"event id {target.id}" in verify()
    assert "modified" in verify()


def test_it_names_an_event_whose_actor_was_changed(events, world):
    target = events[1]
    execute(
        "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [world.teacher.id, target.id]
    )
    assert f"event id {target.id}" in verify()


def test_it_notices_a_deleted_event_in_the_middle(events):
    target = events[2]
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [target.id])
    execute("DELETE FROM audit_auditevent WHERE id = %s", [target.id])
    message = verify()
    assert f"sequence {target.seq}" in message
    assert "missing" in message


def test_it_notices_the_last_event_was_deleted(events):
    last = events[-1]
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [last.id])
    execute("DELETE FROM audit_auditevent WHERE id = %s", [last.id])
    assert "deleted" in verify()


def test_it_notices_reordered_events(events):
    first, second = events[1], events[2]
    execute("UPDATE audit_auditevent SET seq = 999999 WHERE id = %s", [first.id])
    execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [first.seq, second.id])
    execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [second.seq, first.id])
    assert f"event id {second.id}" in verify()


def test_it_notices_an_inserted_event(events):
    last = events[-1]
    forged = AuditEvent(
        chain=last.chain,
        seq=last.seq + 1,
        occurred_at=last.occurred_at,
        action="people.pupil.viewed",
        actor_id=None,
        subjects=[],
        fields=[],
        context={},
        prev_hash=last.hash,
        hash="f" * 64,
        scheme=2,
    )
    forged.save()
    assert f"event id {forged.id}" in verify()


def test_it_notices_a_removed_subject_reference(events):
    target = events[3]
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [target.id])
    assert f"event id {target.id}" in verify()


def test_each_board_has_its_own_chain(world, events):
    other = audit_record(action="people.pupil.created", board_id=None, actor_id=None)
    assert other.seq == 1
    assert verify() == "intact"
