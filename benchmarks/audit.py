"""Audit log speed: appending inside one transaction, and verify-audit reading from the database.

    uv run python benchmarks/audit.py [--events 200000] [--append 5000]

Into a fresh test database (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL) it
appends --append events to one board's chain inside one transaction with `audit_record` (the path
every audited write takes), once one by one and once inside `audit_batch()` (decision 0061; both
chains verified afterwards), then fills a second chain with --events events by bulk insert (hashes
made with `audit.chain.event_hash`, as `audit_record` makes them) and times `verify_chain` over it,
reading from the database included. Next to each it prints the baseline measured in the same
run: canonical JSON plus HMAC-SHA256 alone over the same events in memory (the ceiling of any
verifier in Python), and the goal of issue 18. verify-audit is timed in one process and in as
many as it uses by default (one per core for a chain of 200,000 events or more, decision 0063).
Peak memory of the verification is printed too (tracemalloc, this process), to show that it
streams. SQLite runs on a database file in a temporary directory, as a board runs it.
"""

import argparse
import os
import sys
import tempfile
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


def append_rate(n: int, *, batched: bool = False, unprepared: bool = False) -> float:
    """n events of one board in one transaction, each `audit_record` on its own or (`batched`)
    inside `audit_batch()`, which writes them a thousand at a time (decision 0061).
    `unprepared`: PostgreSQL without prepared statements, as before decision 0064."""
    from contextlib import nullcontext

    from django.db import connection, transaction

    from schoolprivacy.audit.batch import audit_batch
    from schoolprivacy.audit.services import Subject, audit_record
    from schoolprivacy.audit.subjects import PUPIL

    chain = 3 if batched else 4 if unprepared else 1
    audit_record(action="people.pupil.updated", board_id=chain, actor_id=None)
    raw = connection.connection
    threshold = getattr(raw, "prepare_threshold", None)
    if unprepared:
        raw.prepare_threshold = None
    started = time.perf_counter()
    with transaction.atomic(), audit_batch() if batched else nullcontext():
        for i in range(n):
            audit_record(
                action="people.pupil.updated",
                board_id=chain,
                actor_id=7,
                subjects=[Subject(PUPIL, i)],
                fields=["surname"],
                context={"source": "import"},
            )
    took = time.perf_counter() - started
    if unprepared:
        raw.prepare_threshold = threshold
    return n / took


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
    """n events on `chain`, chained, keyed and stored exactly as audit_record writes them
    (`audit.services.event_row`), by executemany in batches."""
    from django.db import connection, transaction

    from schoolprivacy.audit.chain import GENESIS_HASH, event_hash, head_mac, stored_forms
    from schoolprivacy.audit.keys import chain_key
    from schoolprivacy.audit.models import AuditChainHead
    from schoolprivacy.audit.services import event_row, insert_sql

    key = chain_key()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS_HASH
    batch = 10_000
    sql = insert_sql(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(1, n + 1, batch):
            rows = []
            for seq in range(first, min(first + batch, n + 1)):
                content = _content(chain, seq, start + timedelta(microseconds=seq * 997), prev)
                prev = content["hash"] = event_hash(key=key, **content)
                rows.append(event_row(connection, content, stored_forms(content)))
            cursor.executemany(sql, rows)
            cursor.execute(
                "INSERT INTO audit_auditsubject (event_id, subject_type, subject_id) "
                "SELECT id, 'people.pupil', seq FROM audit_auditevent "
                "WHERE chain = %s AND seq >= %s",
                [chain, first],
            )
        AuditChainHead.objects.create(
            chain=chain, seq=n, hash=prev, mac=head_mac(key=key, chain=chain, seq=n, hash=prev)
        )


def hash_only_rates(n: int) -> tuple[float, float]:
    """Over the same events in memory: canonical JSON + HMAC-SHA256 (what the verifier had to do
    per event before scheme 3, issue 18's baseline), and HMAC-SHA256 alone over the stored
    message (the ceiling of any verifier of scheme 3 in Python)."""
    import hmac

    from schoolprivacy.audit.chain import (
        GENESIS_HASH,
        SCHEME_HMAC,
        canonical_content,
        hmac_template,
        stored_forms,
        stored_message,
        sub_key,
    )
    from schoolprivacy.audit.keys import chain_key

    event_key = sub_key(chain_key(), "event")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    contents = [_content(2, s, start + timedelta(microseconds=s), GENESIS_HASH) for s in range(n)]
    started = time.perf_counter()
    for content in contents:
        hmac.digest(event_key, canonical_content(scheme=SCHEME_HMAC, **content), "sha256").hex()
    canonical = n / (time.perf_counter() - started)
    messages = [stored_message(**{**c, **stored_forms(c)}).decode() for c in contents]
    started = time.perf_counter()
    template = hmac_template(event_key)
    for message in messages:
        mac = template.copy()
        mac.update(message.encode())
        mac.hexdigest()
    stored = n / (time.perf_counter() - started)
    return canonical, stored


def verify_rate(chain: int, n: int, processes: int) -> tuple[float, float]:
    """Events verified per second and the peak of Python memory of this process (the parts
    walked by other processes hold one page each, as this one does)."""
    from django.test import override_settings

    from schoolprivacy.audit.verification import refresh_statistics, verify_chain

    with override_settings(AUDIT_VERIFY_PROCESSES=processes):
        tracemalloc.start()
        started = time.perf_counter()
        refresh_statistics()  # as verify-audit does first, timed with it
        report = verify_chain(chain, in_parts=True)
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        assert report.problem is None and report.checked == n, report.problem
        # tracemalloc slows Python down; time a second run without it.
        started = time.perf_counter()
        verify_chain(chain, in_parts=True)
        took = min(took, time.perf_counter() - started)
    return n / took, peak


def measure(events: int, appends: int) -> list[tuple[str, str, str, str]]:
    connection, old = _setup()
    from schoolprivacy.audit.verification import verify_chain

    try:
        append = append_rate(appends)
        batched = append_rate(appends, batched=True)
        unprepared = (
            append_rate(appends, unprepared=True) if connection.vendor == "postgresql" else 0
        )
        for chain in (1, 3):
            report = verify_chain(chain, in_parts=True)
            assert report.problem is None and report.checked == appends + 1, report.problem
        fill(2, events)
        one, one_peak = verify_rate(2, events, 1)
        verify, peak = verify_rate(2, events, 0)
        canonical, ceiling = hash_only_rates(min(events, 100_000))
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return [
        (
            f"audit append, one transaction ({vendor})",
            f"{append:,.0f} events/s",
            f"not prepared (same run): {unprepared:,.0f} events/s"
            if unprepared
            else "1,100 events/s before (issue 18)",
            f">= {APPEND_GOAL:,}/s",
        ),
        (
            f"audit append, one transaction, audit_batch() ({vendor})",
            f"{batched:,.0f} events/s",
            f"one at a time: {append:,.0f} events/s (same run)",
            f">= {APPEND_GOAL:,}/s",
        ),
        (
            f"verify-audit, {events:,} events, one process ({vendor})",
            f"{one:,.0f} events/s, peak {one_peak:.1f} MB",
            f"in memory: canonical JSON+HMAC {canonical:,.0f}/s, "
            f"HMAC of stored form {ceiling:,.0f}/s",
            f">= {VERIFY_GOAL:,}/s",
        ),
        (
            f"verify-audit, {events:,} events, {_processes(events)} processes ({vendor})",
            f"{verify:,.0f} events/s, peak {peak:.1f} MB",
            f"in memory: canonical JSON+HMAC {canonical:,.0f}/s, "
            f"HMAC of stored form {ceiling:,.0f}/s",
            f">= {VERIFY_GOAL:,}/s",
        ),
    ]


def _processes(events: int) -> int:
    from schoolprivacy.audit.verification import PART_AT_LEAST
    from schoolprivacy.lib.forked import available_cores

    return max(1, min(available_cores(), events // PART_AT_LEAST))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--append", type=int, default=5_000)
    args = parser.parse_args()
    scratch = None
    if "DATABASE_URL" not in os.environ and "TEST_SQLITE_NAME" not in os.environ:
        # A database file, as a board runs SQLite (in memory, no second process could read it).
        scratch = tempfile.TemporaryDirectory(prefix="audit-bench-")
        os.environ["TEST_SQLITE_NAME"] = str(Path(scratch.name) / "audit.sqlite3")
    for name, figure, baseline, goal in measure(args.events, args.append):
        print(f"{name:<52} {figure:>32}  baseline: {baseline:<34} goal: {goal}")


if __name__ == "__main__":
    main()
