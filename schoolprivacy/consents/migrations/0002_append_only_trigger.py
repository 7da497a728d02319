"""On PostgreSQL the database itself refuses to change or remove consent decisions.

The ledger is the proof of consent (domain.md: provable who, when, how, which text); a status is
derived from it, so a changed row would silently change history. On every database the model's
save() and delete() refuse as well.
"""

from django.db import migrations

TABLE = "consents_consentdecision"

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION consents_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the consent ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION consents_reject_change();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute("DROP FUNCTION IF EXISTS consents_reject_change();")


class Migration(migrations.Migration):
    dependencies = [("consents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
