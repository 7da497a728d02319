"""The migration path: events written before AUDIT_CHAIN_KEY existed still verify, and only as
far as their chain's seal reaches (migration 0004, audit/legacy.py)."""

from datetime import UTC

import pytest
from django.conf import settings
from django.utils import timezone

from schoolprivacy.audit.chain import GENESIS_HASH, SCHEME_SHA256, event_hash
from schoolprivacy.audit.legacy import seal_unkeyed_chains
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.tests.checkpoints import verify
from schoolprivacy.audit.tests.tampering import delete_chain, execute, rewrite_chain

pytestmark = pytest.mark.django_db
KEY = settings.AUDIT_CHAIN_KEY.encode()


def write_unkeyed_chain(chain: int, n: int) -> None:
    """Events and head exactly as the code before the keyed chain wrote them."""
    prev_hash = GENESIS_HASH
    for seq in range(1, n + 1):
        content = {
            "chain": chain,
            "seq": seq,
            "occurred_at": timezone.now().astimezone(UTC),
            "action": "people.pupil.created",
            "actor_id": None,
            "channel": "web",
            "subjects": [],
            "fields": [],
            "context": {},
            "prev_hash": prev_hash,
        }
        prev_hash = event_hash(key=b"", scheme=SCHEME_SHA256, **content)
        AuditEvent.objects.create(**content, hash=prev_hash, scheme=SCHEME_SHA256)
    AuditChainHead.objects.create(chain=chain, seq=n, hash=prev_hash, mac="")


def seal() -> int:
    return seal_unkeyed_chains(
        head_model=AuditChainHead, seal_model=AuditLegacySeal, key=KEY, now=timezone.now()
    )


@pytest.fixture
def sealed(world):
    write_unkeyed_chain(world.board.id, 4)
    assert seal() == 1
    audit_record(action="people.pupil.updated", board_id=world.board.id, actor_id=None)
    audit_record(action="people.pupil.updated", board_id=world.board.id, actor_id=None)
    return world.board.id


def test_unkeyed_events_verify_after_the_seal_and_new_events_are_keyed(sealed):
    assert verify().startswith("Audit log intact: 6 events verified.")
    assert list(AuditEvent.objects.filter(chain=sealed).values_list("scheme", flat=True)) == [
        1,
        1,
        1,
        1,
        3,
        3,
    ]


def test_sealing_twice_seals_nothing_new(sealed):
    assert seal() == 0


def test_unkeyed_events_without_a_seal_are_refused(world):
    write_unkeyed_chain(world.board.id, 2)
    output = verify()
    assert "sequence 1" in output
    assert "uses the old unkeyed hash, but this chain has no seal" in output


def test_an_unkeyed_event_rewritten_and_rehashed_is_named(sealed):
    target = AuditEvent.objects.get(chain=sealed, seq=2)
    execute("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [4242, target.id])
    rewrite_chain(sealed, key=b"", scheme=SCHEME_SHA256)
    output = verify()
    assert f"chain {sealed}, sequence 4 (event id" in output
    assert "it differs from the last unkeyed event recorded in the seal" in output


def test_keyed_events_relabelled_as_unkeyed_are_named(sealed):
    rewrite_chain(sealed, key=b"", scheme=SCHEME_SHA256)
    output = verify()
    assert f"chain {sealed}, sequence 5 (event id" in output
    assert "uses the old unkeyed hash after the point where the keyed chain began" in output


def test_a_removed_seal_is_noticed(sealed):
    execute("DELETE FROM audit_auditlegacyseal WHERE chain = %s", [sealed])
    assert "this chain has no seal for unkeyed events" in verify()


def test_a_seal_moved_without_the_key_is_noticed(sealed):
    last = AuditEvent.objects.get(chain=sealed, seq=6)
    execute(
        "UPDATE audit_auditlegacyseal SET seq = 6, hash = %s WHERE chain = %s", [last.hash, sealed]
    )
    assert "the seal of the unkeyed events was changed" in verify()


def test_a_chain_deleted_down_to_its_seal_is_noticed(sealed):
    """Whoever deletes the keyed events and the head but leaves the seal gives themselves away."""
    seal_row = AuditLegacySeal.objects.get(chain=sealed)
    delete_chain(sealed)
    AuditLegacySeal.objects.create(
        chain=sealed,
        seq=seal_row.seq,
        hash=seal_row.hash,
        mac=seal_row.mac,
        sealed_at=seal_row.sealed_at,
    )
    assert "before the sealed event 4: events were deleted" in verify()
