"""verify-audit --against FILE: the log must still extend a checkpoint kept outside the database.

The attacks come in two strengths. With only the database, the keyed chain already gives them
away. With AUDIT_CHAIN_KEY as well (the app server's administrator, or the public demo key), the
database can be made consistent again, and only the checkpoint notices.
"""

import pytest
from django.conf import settings

from schoolprivacy.audit.chain import head_mac
from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.tests.checkpoints import verify, write_checkpoint
from schoolprivacy.audit.tests.tampering import (
    delete_chain,
    delete_events,
    execute,
    rewrite_chain,
    set_head,
)

pytestmark = pytest.mark.django_db
KEY = settings.AUDIT_CHAIN_KEY.encode()


def record(board_id: int | None, n: int = 1) -> list[AuditEvent]:
    return [
        audit_record(
            action="people.pupil.updated",
            board_id=board_id,
            actor_id=None,
            subjects=[Subject("people.pupil", 7)],
            fields=["surname"],
            context={"n": i},
        )
        for i in range(n)
    ]


@pytest.fixture
def checkpoint(world, tmp_path):
    record(world.board.id, 5)
    record(None, 2)
    return write_checkpoint(tmp_path)


def test_a_log_that_grew_after_the_checkpoint_passes(world, checkpoint):
    record(world.board.id, 3)
    record(None, 1)
    output = verify(checkpoint)
    assert output.startswith("Audit log intact: 11 events verified; it extends the checkpoint")


def test_a_new_board_after_the_checkpoint_passes(world, checkpoint):
    record(world.board.id + 1000, 2)
    assert verify(checkpoint).startswith("Audit log intact")


def test_a_deleted_tail_with_the_head_moved_by_a_key_holder_is_named(world, checkpoint):
    delete_events(world.board.id, from_seq=4)
    rewrite_chain(world.board.id, key=KEY)  # re-signs the head at event 3
    assert verify().startswith("Audit log intact")  # the database alone looks fine
    output = verify(checkpoint)
    assert output.startswith("failed: ")
    assert (
        f"Chain {world.board.id} ends at event 3, but the checkpoint of" in output
        and "recorded 5 events: events at the end were deleted" in output
    )


def test_a_deleted_tail_with_an_old_head_put_back_is_named(world, tmp_path):
    record(world.board.id, 3)
    old_head = AuditChainHead.objects.get(chain=world.board.id)  # a copy kept by a DB admin
    record(world.board.id, 2)
    checkpoint = write_checkpoint(tmp_path)
    delete_events(world.board.id, from_seq=4)
    set_head(world.board.id, seq=old_head.seq, hash=old_head.hash, mac=old_head.mac)
    assert verify().startswith("Audit log intact")  # a replayed head carries a valid MAC
    assert "events at the end were deleted" in verify(checkpoint)


def test_a_deleted_tail_with_the_head_moved_without_the_key_is_named(world, checkpoint):
    last_kept = AuditEvent.objects.get(chain=world.board.id, seq=3)
    delete_events(world.board.id, from_seq=4)
    guessed = head_mac(key=b"", chain=world.board.id, seq=3, hash=last_kept.hash)
    set_head(world.board.id, seq=3, hash=last_kept.hash, mac=guessed)
    assert "the chain head was changed outside the application" in verify()
    assert "events at the end were deleted" in verify(checkpoint)


def test_a_deleted_whole_chain_is_named(world, checkpoint):
    delete_chain(world.board.id)
    assert verify().startswith("Audit log intact")  # nothing left to check in the database
    output = verify(checkpoint)
    assert f"Chain {world.board.id} is gone: the checkpoint of" in output
    assert "recorded 5 events, the database has none. A whole chain was deleted." in output


def test_a_chain_recomputed_with_the_key_after_an_edit_is_named(world, checkpoint):
    target = AuditEvent.objects.get(chain=world.board.id, seq=2)
    execute("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [4242, target.id])
    rewrite_chain(world.board.id, key=KEY)
    assert verify().startswith("Audit log intact")  # the key holder made it consistent
    output = verify(checkpoint)
    assert f"Chain {world.board.id}, event 5 is not the event in the checkpoint of" in output
    assert "the log was rewritten after the checkpoint" in output


@pytest.mark.parametrize("scheme", [1, 2], ids=["unkeyed SHA-256", "HMAC with a guessed key"])
def test_a_chain_recomputed_without_the_key_after_an_edit_is_named(world, checkpoint, scheme):
    target = AuditEvent.objects.get(chain=world.board.id, seq=2)
    execute("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [4242, target.id])
    rewrite_chain(world.board.id, key=b"guessed" * 10, scheme=scheme)
    plain = verify()
    assert plain.startswith("failed: ")
    assert f"chain {world.board.id}, sequence 1 (event id" in plain
    assert "the log was rewritten after the checkpoint" in verify(checkpoint)


def test_every_problem_is_named_not_only_the_first(world, checkpoint):
    delete_chain(0)
    delete_events(world.board.id, from_seq=5)
    rewrite_chain(world.board.id, key=KEY)
    output = verify(checkpoint)
    assert "Chain 0 is gone" in output
    assert f"Chain {world.board.id} ends at event 4" in output
