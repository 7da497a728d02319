"""The checkpoint file: what it holds, and that a changed or foreign one is refused."""

import json

import pytest
from django.test import override_settings

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.tests.checkpoints import run, verify, write_checkpoint
from schoolprivacy.audit.tests.tampering import execute

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint(world, tmp_path):
    for _ in range(3):
        audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    return write_checkpoint(tmp_path)


def test_it_records_each_boards_last_event_count_and_time(world, checkpoint):
    document = json.loads(checkpoint.read_text())
    last = AuditEvent.objects.get(chain=world.board.id, seq=3)
    assert document["chains"] == [
        {
            "chain": world.board.id,
            "count": 3,
            "last_event_id": last.id,
            "last_seq": 3,
            "last_hash": last.hash,
            "last_occurred_at": last.occurred_at.isoformat(),
        }
    ]
    assert document["created_at"]
    assert len(bytes.fromhex(document["signature"])) == 64  # Ed25519


def test_a_changed_checkpoint_is_refused(checkpoint):
    document = json.loads(checkpoint.read_text())
    document["chains"][0]["count"] = 2
    document["chains"][0]["last_seq"] = 2
    checkpoint.write_text(json.dumps(document))
    output = verify(checkpoint)
    assert "was changed after it was signed: its signature does not match" in output


def test_a_checkpoint_signed_with_another_key_is_refused(checkpoint):
    with override_settings(AUDIT_CHAIN_KEY="another-installation-" + "k" * 40):
        output = verify(checkpoint)
    assert "was not signed with this server's AUDIT_CHAIN_KEY" in output


def test_a_file_that_is_no_checkpoint_is_refused(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"chains": []}')
    assert "is not a Schoolprivacy audit checkpoint" in verify(path)
    assert "Cannot read the checkpoint" in verify(tmp_path / "missing.json")


def test_it_refuses_to_sign_a_log_that_does_not_verify(world, tmp_path):
    event = audit_record(action="people.pupil.created", board_id=world.board.id, actor_id=None)
    execute("UPDATE audit_auditevent SET actor_id = 1 WHERE id = %s", [event.id])
    output = run("audit_checkpoint", out=str(tmp_path / "checkpoint.json"))
    assert output.startswith("failed: Audit log is NOT intact, so no checkpoint was written")
    assert not (tmp_path / "checkpoint.json").exists()


def test_it_writes_to_standard_output(checkpoint):
    output = run("audit_checkpoint", out="-")
    assert json.loads(output)["format"] == "schoolprivacy-audit-checkpoint"
