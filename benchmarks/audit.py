"""Audit log speed: appending inside one transaction, and verify-audit reading from the database.

    uv run python benchmarks/audit.py [--events 200000] [--append 5000]

Into a fresh test database (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL) it
appends --append events to one board's chain inside one transaction with `audit_record` (the path
every audited write takes), then fills a second chain with --events events by bulk insert (hashes
made with `audit.chain.event_hash`, as `audit_record` makes them) and times `verify_chain` over it,
reading from the database included. Next to each it prints the baseline measured in the same
run: canonical JSON plus HMAC-SHA256 alone over the same events in memory (the ceiling of any
verifier in Python), and the goal of issue 18. Peak memory of the verification is printed too
(tracemalloc), to show that it streams.
"""

import argparse
import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SCHOOLPRIVACY_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")

VERIFY_GOAL = 200_000  # events per second, reading included (issue 18.3)
APPEND_GOAL = 5_000  # events per second per board inside one transaction


def _setup() -> Any:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    from django.db import connection

    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection, old


def append_rate(n: int) -> float:
    from django.db import transaction

    from schoolprivacy.audit.services import Subject, audit_record
    from schoolprivacy.audit.subjects import PUPIL

    audit_record(action="people.pupil.updated", board_id=1, actor_id=None)
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(n):
            audit_record(
                action="people.pupil.updated",
                board_id=1,
                actor_id=7,
                subjects=[Subject(PUPIL, i)],
                fields=["surname"],
                context={"source": "import"},
            )
    return n / (time.perf_counter() - started)


def _content(chain: int, seq: int, at: datetime, prev: str) -> dict[str, Any]:
    return {
        "chain": chain,
        "seq": seq,
        "occurred_at": at,
        "action": "people.pupil.updated",
        "actor_id": 7,
        "channel": "web",
        "subjects": [{"type": "people.pupil", "id": seq}],
        "fields": ["first_name", "surname"],
        "context": {"source": "import", "rows": seq % 500},
        "prev_hash": prev,
    }


def fill(chain: int, n: int) -> None:
    """n events on `chain` by bulk insert, chained and keyed as audit_record makes them."""
    from django.db import transaction

    from schoolprivacy.audit.chain import CURRENT_SCHEME, GENESIS_HASH, event_hash, head_mac
    from schoolprivacy.audit.keys import chain_key
    from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditSubject

    key = chain_key()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS_HASH
    batch = 5000
    with transaction.atomic():
        for first in range(1, n + 1, batch):
            events = []
            for seq in range(first, min(first + batch, n + 1)):
                content = _content(chain, seq, start + timedelta(microseconds=seq * 997), prev)
                prev = event_hash(key=key, scheme=CURRENT_SCHEME, **content)
                events.append(AuditEvent(**content, scheme=CURRENT_SCHEME, hash=prev))
            AuditEvent.objects.bulk_create(events)
            ids = dict(
                AuditEvent.objects.filter(chain=chain, seq__gte=first).values_list("seq", "id")
            )
            AuditSubject.objects.bulk_create(
                AuditSubject(event_id=ids[e.seq], subject_type="people.pupil", subject_id=e.seq)
                for e in events
            )
        AuditChainHead.objects.create(
            chain=chain, seq=n, hash=prev, mac=head_mac(key=key, chain=chain, seq=n, hash=prev)
        )


def hash_only_rate(n: int) -> float:
    """Canonical JSON + HMAC-SHA256 over the same events, in memory: the ceiling."""
    from schoolprivacy.audit.chain import CURRENT_SCHEME, GENESIS_HASH, event_hash
    from schoolprivacy.audit.keys import chain_key

    key = chain_key()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    contents = [_content(2, s, start + timedelta(microseconds=s), GENESIS_HASH) for s in range(n)]
    started = time.perf_counter()
    for content in contents:
        event_hash(key=key, scheme=CURRENT_SCHEME, **content)
    return n / (time.perf_counter() - started)


def verify_rate(chain: int, n: int) -> tuple[float, float]:
    from schoolprivacy.audit.verification import verify_chain

    tracemalloc.start()
    started = time.perf_counter()
    report = verify_chain(chain)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert report.problem is None and report.checked == n, report.problem
    # tracemalloc slows Python down; time a second run without it.
    started = time.perf_counter()
    verify_chain(chain)
    took = min(took, time.perf_counter() - started)
    return n / took, peak


def measure(events: int, appends: int) -> list[tuple[str, str, str, str]]:
    connection, old = _setup()
    try:
        append = append_rate(appends)
        fill(2, events)
        verify, peak = verify_rate(2, events)
        ceiling = hash_only_rate(min(events, 100_000))
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return [
        (
            f"audit append, one transaction ({vendor})",
            f"{append:,.0f} events/s",
            "1,100 events/s before (issue 18)",
            f">= {APPEND_GOAL:,}/s",
        ),
        (
            f"verify-audit, {events:,} events from the database ({vendor})",
            f"{verify:,.0f} events/s, peak {peak:.1f} MB",
            f"hash only in memory: {ceiling:,.0f}/s",
            f">= {VERIFY_GOAL:,}/s",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--append", type=int, default=5_000)
    args = parser.parse_args()
    for name, figure, baseline, goal in measure(args.events, args.append):
        print(f"{name:<52} {figure:>32}  baseline: {baseline:<34} goal: {goal}")


if __name__ == "__main__":
    main()
