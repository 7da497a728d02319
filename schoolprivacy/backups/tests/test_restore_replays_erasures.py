"""Issue 18 item 6 end to end, as an operator runs it (separate processes on one database
file): a backup made while another process writes, an erasure and more audit events after it, a
restore that verifies the audit chain, the erased data back until the replay, and a replay that
erases it again and nothing more the second time."""

import json
import re
import sqlite3
import subprocess
from contextlib import closing
from datetime import date

import pytest
from django.db import connection

from schoolprivacy.backups.tests.conftest import Installation
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.retention.tests.conftest import leave, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup"),
]

ERASED = ("pupil.observations", "pupil.results.tests")


def _records(place: Installation, pupil_id: int) -> dict[str, int]:
    rows = place.query(
        "SELECT category_key, COUNT(*) FROM dossier_record WHERE pupil_id = ? GROUP BY 1", pupil_id
    )
    return dict(rows)


def _replayed(result: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    assert result.returncode == 0, result.stderr
    found = re.search(r"(\d+)\D+(\d+)", result.stdout)
    assert found, result.stdout
    return int(found[1]), int(found[2])


def _backup_while_writing(place: Installation, board_id: int) -> str:
    stop = place.root / "stop"
    writer = subprocess.Popen(
        place.command(
            "shell", "--no-imports", "-c",
            "from schoolprivacy.backups.tests import steps; "
            f"steps.keep_writing({board_id}, {str(stop)!r})",
        ),
        env=place.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing", writer.stderr
        backup = place.run("backup", "--out", str(place.root / "backup.sqlite3"))
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert backup.returncode == 0, backup.stderr
    assert json.loads(out)["written"] > 0
    return str(place.root / "backup.sqlite3")


def test_restore_verifies_the_chain_and_the_replay_erases_again_once(world, installation):
    register_install_defaults(board=world.board, actor_id=None)
    place = installation
    # Left two years ago: observations and test results may go, absence records are kept.
    pupil = leave(world.pupil_a, date(2024, 11, 1))
    for key in (*ERASED, "pupil.absence"):
        record(pupil, key)
    place.take_test_database()
    before = _records(place, pupil.pk)

    backup = _backup_while_writing(place, world.board.pk)
    with closing(sqlite3.connect(backup)) as db:
        (backup_events,) = db.execute("SELECT COUNT(*) FROM audit_auditevent").fetchone()

    after = place.step(
        f"after_the_backup({pupil.pk}, {world.privacy_officer.pk}, {world.group_a.pk})"
    )
    assert after.returncode == 0, after.stderr
    newcomer = json.loads(after.stdout.splitlines()[-1])["newcomer"]
    assert _records(place, pupil.pk) == {"pupil.absence": 1}
    assert _records(place, newcomer) == {"pupil.absence": 1}
    (live_events,) = place.query("SELECT COUNT(*) FROM audit_auditevent")[0]
    assert live_events > backup_events

    restored = place.run("restore", backup, "--yes")
    assert restored.returncode == 0, restored.stderr
    # The audit chain of the backup verifies: the copy was one consistent snapshot although
    # events were being appended while it was made.
    assert f" {backup_events} " in restored.stdout
    assert place.query("SELECT COUNT(*) FROM audit_auditevent")[0][0] == backup_events + 1
    # Back until the replay: what was erased after the backup.
    assert _records(place, pupil.pk) == before
    assert _records(place, newcomer) == {}

    # A pupil added now does not get the erased newcomer's ID, so the replay cannot touch them.
    later = place.step(f"pupil_after_restore({world.group_a.pk})")
    assert later.returncode == 0, later.stderr
    later_pupil = json.loads(later.stdout.splitlines()[-1])["pupil"]
    assert later_pupil > newcomer

    assert _replayed(place.run("replay-erasures")) == (2, 2)
    assert _records(place, pupil.pk) == {"pupil.absence": 1}
    assert _records(place, later_pupil) == {**dict.fromkeys(ERASED, 1), "pupil.absence": 1}
    counts = place.query("SELECT COUNT(*) FROM dossier_record")

    # Idempotent: the second replay finds nothing, and nothing changes.
    assert _replayed(place.run("replay-erasures")) == (2, 0)
    assert place.query("SELECT COUNT(*) FROM dossier_record") == counts
    verified = place.run("verify-audit")
    assert verified.returncode == 0, verified.stderr
