"""The database itself keeps the consent ledger and published texts unchanged, on SQLite too.

The ledger proves who decided what, when and on which text (domain.md: provable); a published
text proves what a parent agreed to. 0002 refused UPDATE and DELETE of decisions on PostgreSQL
only; this adds the same for SQLite, and for both databases refuses to change or delete a text
once it is published (a draft may still be edited). The models' save() refuse as well, but only
these triggers stop a raw UPDATE or a bulk `QuerySet.update()`.
"""

from django.db import migrations

LEDGER = "consents_consentdecision"
TEXTS = "consents_purposetext"

PG_TEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION consents_reject_published_text_change() RETURNS trigger AS $$
BEGIN
    IF OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'a published consent text cannot be changed: % on % is not allowed',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TEXT_FUNCTION, params=None)
        schema_editor.execute(
            f"CREATE TRIGGER {TEXTS}_published_fixed BEFORE UPDATE OR DELETE ON {TEXTS} "
            "FOR EACH ROW EXECUTE FUNCTION consents_reject_published_text_change();"
        )
    elif vendor == "sqlite":
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {LEDGER}_no_{op.lower()} BEFORE {op} ON {LEDGER} "
                "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {TEXTS}_published_no_{op.lower()} BEFORE {op} ON {TEXTS} "
                "WHEN OLD.published_at IS NOT NULL "
                "BEGIN SELECT RAISE(ABORT, 'a published consent text cannot be changed'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TEXTS}_published_fixed ON {TEXTS};")
        schema_editor.execute("DROP FUNCTION IF EXISTS consents_reject_published_text_change();")
    elif vendor == "sqlite":
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {LEDGER}_no_{op};")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TEXTS}_published_no_{op};")


class Migration(migrations.Migration):
    dependencies = [("consents", "0004_consent_effects_outbox")]
    operations = [migrations.RunPython(forwards, backwards)]
