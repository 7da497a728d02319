"""Rewrite the subject index to the one vocabulary of audit/subjects.py (decision 0021).

Before, dossier, access, imports and accounts named subjects "pupil", "grant", ...; consents and
photos "people.pupil", ...; readers filtered on "pupil" and missed half of the events. Only the
index rows (`AuditSubject`) are rewritten: the events' own subject lists are covered by their
hashes and stay as they were; the verifier compares the index with `canonical_subjects` of the
event, the same mapping as here.

The index table refuses UPDATE (migrations 0002 and 0005). This migration drops that one trigger,
rewrites the rows and creates the trigger again, all in its own transaction (DDL is
transactional on both databases; on PostgreSQL DROP TRIGGER holds an exclusive lock on the table
until the commit, so no append sees the gap). The DELETE guard stays in place throughout.
"""

from django.db import migrations

from schoolprivacy.audit.subjects import canonical_type

TABLE = "audit_auditsubject"
SQLITE_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"
SQLITE_CREATE = (
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE on "
    f"{TABLE} is not allowed'); END;"
)
POSTGRESQL_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};"
POSTGRESQL_CREATE = (
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_reject_change();"
)


def rewrite_subject_rows(subject_model) -> int:
    """Rewrite every index row whose type is not yet in the vocabulary. Returns the row count."""
    rewritten = 0
    pairs = (
        subject_model.objects.exclude(subject_type__contains=".")
        .values_list("subject_type", "event__action")
        .distinct()
        .order_by("subject_type", "event__action")
    )
    for subject_type, action in list(pairs):
        new_type = canonical_type(subject_type, action)
        if new_type != subject_type:
            rewritten += subject_model.objects.filter(
                subject_type=subject_type, event__action=action
            ).update(subject_type=new_type)
    return rewritten


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    drop, create = {
        "sqlite": (SQLITE_DROP, SQLITE_CREATE),
        "postgresql": (POSTGRESQL_DROP, POSTGRESQL_CREATE),
    }.get(vendor, (None, None))
    if drop:
        schema_editor.execute(drop, params=None)
    rewrite_subject_rows(apps.get_model("audit", "AuditSubject"))
    if create:
        schema_editor.execute(create, params=None)


class Migration(migrations.Migration):
    # One transaction for drop, rewrite and create: the table is never without its guard for
    # anyone else.
    atomic = True
    dependencies = [("audit", "0005_append_only_on_both_databases")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
