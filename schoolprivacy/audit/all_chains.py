"""Every audit chain the installation has, and the planner's statistics refreshed before they
are walked (`audit.verification.verify_all_chains`)."""

from django.db import connections, router

from schoolprivacy.audit.models import (
    AuditChainHead,
    AuditEvent,
    AuditLegacySeal,
    AuditRetainedStart,
    AuditSubject,
)


def all_chains() -> list[int]:
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains.update(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains.update(AuditLegacySeal.objects.values_list("chain", flat=True))
    chains.update(AuditRetainedStart.objects.values_list("chain", flat=True))
    return sorted(chains)


def refresh_statistics() -> None:
    """On PostgreSQL, let the planner know how large the log is before walking it.

    A log that grew by a bulk load or came back from a restore has no statistics until
    autovacuum gets to it; the planner then guesses a few hundred subject rows per page and a
    walk of a million events ran at a fifth of its speed (benchmarks/README.md, 2026-12-05).
    ANALYZE samples a fixed number of rows, a fraction of a second against seconds of walking.
    """
    connection = connections[router.db_for_read(AuditEvent)]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (AuditEvent, AuditSubject):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")
