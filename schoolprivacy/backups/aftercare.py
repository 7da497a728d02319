"""What every restore does once the backup's data is in place, whatever the database engine:
bring the schema up to this version, keep the IDs of erased subjects from being given out again,
verify the audit chains, and (asked for) replay the erasure log (decision 0043)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_all_chains
from schoolprivacy.encryption import encrypted_fields
from schoolprivacy.lib.sealed import SealError
from schoolprivacy.people.models import Guardian, Pupil, Staff
from schoolprivacy.retention.erasure import Replayed, erasures_replay, log_entries
from schoolprivacy.retention.models import SubjectErasure

SUBJECT_MODELS: dict[str, type[Model]] = {"pupil": Pupil, "guardian": Guardian, "staff": Staff}


def newer_migrations(recorded: Iterable[tuple[str, str]]) -> list[str]:
    """Migrations the backup has and this version does not know: it was made by a newer version,
    and restoring it under this one would run code against a schema it does not know."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    apps = {app for app, _name in known}
    return sorted(f"{a}.{n}" for a, n in recorded if a in apps and (a, n) not in known)


def migrate_forward() -> None:
    """A backup of an older version gets this version's schema, as an upgrade would."""
    call_command("migrate", interactive=False, verbosity=0)


def _highest_logged_ids() -> dict[type[Model], int]:
    highest: dict[type[Model], int] = {}
    for entry in log_entries():
        pairs = [
            (SUBJECT_MODELS.get(entry["kind"]), entry["subject"]),
            (User, entry.get("user")),
            # The replay skips erasures the database shows as done, by ID: a new erasure must
            # not take the ID of one the restore lost.
            (SubjectErasure, entry.get("erasure")),
        ]
        for model, pk in pairs:
            if model is not None and isinstance(pk, int):
                highest[model] = max(highest.get(model, 0), pk)
    return highest


def keep_erased_ids_unused() -> int:
    """Move the ID counters of pupils, guardians, staff, users and erasures past every ID in the
    erasure log. The restored counters are those of the backup: a pupil added after the backup
    and erased would otherwise leave its ID to the next new pupil, and the replay would erase
    that child. Returns how many counters moved."""
    moved = 0
    with transaction.atomic():
        for model, pk in _highest_logged_ids().items():
            table = model._meta.db_table
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                    row = cursor.fetchone()
                    if row is None:
                        cursor.execute(
                            "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, pk]
                        )
                    elif row[0] < pk:
                        cursor.execute(
                            "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [pk, table]
                        )
                    else:
                        continue
                else:
                    # Never backwards: only ever past the counter the backup had.
                    cursor.execute(
                        "SELECT setval(s, GREATEST(%s, COALESCE(pg_sequence_last_value(s), 0))) "
                        "FROM CAST(pg_get_serial_sequence(%s, 'id') AS regclass) AS s",
                        [pk, table],
                    )
            moved += 1
    return moved


@dataclass(frozen=True)
class AuditCheck:
    events: int
    problems: list[str]


def verify_audit() -> AuditCheck:
    reports = list(verify_all_chains().values())
    return AuditCheck(
        sum(r.checked for r in reports), [str(r.problem) for r in reports if r.problem]
    )


def unreadable_sealed() -> list[str]:
    """The encrypted columns whose first stored value these DATA_KEYS cannot open: the backup
    was made under other keys (or a key it needs is missing), and every page showing that data
    would fail."""
    found = []
    for model, field in encrypted_fields():
        values = (
            model._default_manager.filter(**{f"{field.name}__isnull": False})
            .exclude(**{field.name: ""})
            .values_list(field.name, flat=True)
        )
        try:
            values.first()
        except SealError:
            found.append(f"{model._meta.db_table}.{field.column}")
    return found


def record_restore() -> None:
    """The restore itself is an event of the system chain (chain 0): the events after it follow
    a gap in time that the operator's restore explains."""
    with transaction.atomic():
        audit_record(action="backups.restore.done", board_id=None, actor_id=None, channel="command")


def replay_erasures() -> Replayed:
    return erasures_replay()


def reconnect() -> None:
    """Forget connections (and the audit head cache they carry) opened before the swap."""
    connections.close_all()
