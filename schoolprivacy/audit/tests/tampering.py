"""Direct database edits, as an attacker with database access would make them."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC

from django.db import connection

from schoolprivacy.audit.chain import GENESIS_HASH, SCHEME_HMAC, event_hash, head_mac
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal, AuditSubject


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """The append-only triggers would stop us; whoever owns the tables or the file can lift them."""
    if connection.vendor == "postgresql":
        # "replica" skips ordinary triggers for this session only (superusers may set it).
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        return
    # SQLite: anyone who can write the file can drop a trigger and create it again.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


def execute(sql: str, params: list[int | str]) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def delete_events(chain: int, *, from_seq: int = 1) -> None:
    """Remove the events of a chain from `from_seq` on, with their subject rows."""
    ids = list(
        AuditEvent.objects.filter(chain=chain, seq__gte=from_seq).values_list("id", flat=True)
    )
    with triggers_disabled():
        AuditSubject.objects.filter(event_id__in=ids).delete()
        AuditEvent.objects.filter(id__in=ids).delete()


def delete_chain(chain: int) -> None:
    """Remove every trace of a chain: events, subject rows, head and seal."""
    delete_events(chain)
    with triggers_disabled():
        AuditChainHead.objects.filter(chain=chain).delete()
        AuditLegacySeal.objects.filter(chain=chain).delete()


def set_head(chain: int, *, seq: int, hash: str, mac: str) -> None:
    with triggers_disabled():
        AuditChainHead.objects.filter(chain=chain).update(seq=seq, hash=hash, mac=mac)


def rewrite_chain(chain: int, *, key: bytes, scheme: int = SCHEME_HMAC) -> None:
    """Recompute every hash of a chain and its head after an edit, as a holder of `key` would."""
    prev_hash = GENESIS_HASH
    seq = 0
    with triggers_disabled():
        for event in AuditEvent.objects.filter(chain=chain).order_by("seq"):
            new_hash = event_hash(
                key=key,
                scheme=scheme,
                chain=event.chain,
                seq=event.seq,
                occurred_at=event.occurred_at.astimezone(UTC),
                action=event.action,
                actor_id=event.actor_id,
                channel=event.channel,
                subjects=event.subjects,
                fields=event.fields,
                context=event.context,
                prev_hash=prev_hash,
            )
            AuditEvent.objects.filter(id=event.id).update(
                prev_hash=prev_hash, hash=new_hash, scheme=scheme
            )
            prev_hash, seq = new_hash, event.seq
    set_head(
        chain, seq=seq, hash=prev_hash, mac=head_mac(key=key, chain=chain, seq=seq, hash=prev_hash)
    )
