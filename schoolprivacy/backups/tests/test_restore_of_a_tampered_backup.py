"""A backup whose audit rows were edited (or that was made under another AUDIT_CHAIN_KEY) is
restored with a non-zero exit that says the audit log is not intact and where the database as it
was is kept; the erasures done after the backup are replayed all the same: data erased on
request must not come back because the audit log of the backup is broken."""

import sqlite3
from contextlib import closing
from datetime import date

import pytest
from django.db import connection

from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.retention.tests.conftest import leave, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite files"),
]


def test_the_replay_runs_and_the_exit_says_the_audit_log_is_broken(world, installation):
    register_install_defaults(board=world.board, actor_id=None)
    place = installation
    pupil = leave(world.pupil_a, date(2024, 11, 1))
    record(pupil, "pupil.observations")
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    assert place.run("backup", "--out", str(backup)).returncode == 0
    with closing(sqlite3.connect(backup)) as db:
        # A tamperer drops the append-only triggers first, as anyone with the file can.
        triggers = db.execute(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
        ).fetchall()
        for (name,) in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute(
            "UPDATE audit_auditevent SET action = 'edited' "
            "WHERE id = (SELECT MIN(id) FROM audit_auditevent)"
        )
        db.commit()
    erased = place.step(f"erase({pupil.pk}, {world.privacy_officer.pk})")
    assert erased.returncode == 0, erased.stderr

    restored = place.run("restore", str(backup), "--yes", "--replay-erasures", "--no-color")
    assert restored.returncode == 1, restored.stdout
    assert "AUDIT_CHAIN_KEY" in restored.stderr, restored.stderr  # either language
    assert "Traceback" not in restored.stderr, restored.stderr
    kept = list((place.var / "backups").glob("*before-restore*"))
    assert len(kept) == 1
    assert str(kept[0]) in restored.stdout + restored.stderr
    observations = place.query(
        "SELECT COUNT(*) FROM dossier_record WHERE pupil_id = ? AND category_key = ?",
        pupil.pk,
        "pupil.observations",
    )
    assert observations == [(0,)], restored.stdout


def test_a_backup_whose_triggers_were_dropped_is_append_only_again(world, installation):
    """The file's triggers were dropped but nothing edited: the restore succeeds, and UPDATE and
    DELETE on the audit log are refused again afterwards (decision 0057)."""
    register_install_defaults(board=world.board, actor_id=None)
    place = installation
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    assert place.run("backup", "--out", str(backup)).returncode == 0
    with closing(sqlite3.connect(backup)) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            db.execute(f'DROP TRIGGER "{name}"')
        db.commit()
        left = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
        assert left.fetchone() == (0,)

    restored = place.run("restore", str(backup), "--yes", "--no-color")
    assert restored.returncode == 0, restored.stderr
    for statement in (
        "UPDATE audit_auditevent SET action = 'edited'",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditsubject SET subject_type = subject_type",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            place.query(statement)
