import pytest

from schoolprivacy.audit.services import AuditError, Subject, audit_record
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def test_events_of_one_board_form_a_chain(world):
    first = audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    second = audit_record(
        action="people.pupil.updated",
        board_id=world.board.id,
        actor_id=world.administration.id,
        subjects=[Subject("people.pupil", world.pupil_a.id)],
        fields=["surname"],
    )
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    report = verify_chain(world.board.id)
    assert (report.checked, report.problem) == (2, None)


def test_it_refuses_free_text_in_context(world):
    with pytest.raises(AuditError):
        audit_record(
            action="people.pupil.updated",
            board_id=world.board.id,
            actor_id=None,
            context={"note": "Sanne heeft vandaag een slechte dag gehad en huilde in de klas."},
        )


def test_it_refuses_an_action_that_is_not_dotted(world):
    with pytest.raises(AuditError):
        audit_record(action="updated", board_id=world.board.id, actor_id=None)
