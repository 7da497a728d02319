"""The operator's view: the console script on a real demo database file, exit codes included."""

import sqlite3

import pytest

from schoolprivacy.testing import sqlite_files

pytestmark = pytest.mark.own_sqlite_file


def test_verify_audit_exits_zero_on_the_demo_database(demo_installation, tmp_path):
    sqlite_files.copy_installation(demo_installation, tmp_path)
    result = sqlite_files.run(tmp_path, "verify-audit")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


def test_verify_audit_exits_non_zero_naming_an_altered_event(demo_installation, tmp_path):
    sqlite_files.copy_installation(demo_installation, tmp_path)
    with sqlite3.connect(tmp_path / sqlite_files.DATABASE_NAME) as db:
        (event_id,) = db.execute(
            "SELECT id FROM audit_auditevent ORDER BY id LIMIT 1 OFFSET 2"
        ).fetchone()
        # The database refuses the edit; whoever can write the file can drop that guard first.
        db.execute("DROP TRIGGER audit_auditevent_no_update")
        db.execute("UPDATE audit_auditevent SET actor_id = 4242 WHERE id = ?", (event_id,))
    result = sqlite_files.run(tmp_path, "verify-audit")
    assert result.returncode != 0
    # The console speaks the board's language (LANGUAGE_CODE nl).
    assert f"gebeurtenis-id {event_id}" in result.stderr
