"""The operator's view: the console script on a real demo database file, exit codes included."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def schoolprivacy(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SCHOOLPRIVACY_MODE"}
    env.update(
        SCHOOLPRIVACY_MODE="demo",
        SCHOOLPRIVACY_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "-m", "schoolprivacy", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("demo")
    seeded = schoolprivacy(tmp_path, "demo", "--no-serve")
    assert seeded.returncode == 0, seeded.stderr
    return tmp_path


def test_verify_audit_exits_zero_on_the_demo_database(demo_database):
    result = schoolprivacy(demo_database, "verify-audit")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


def test_verify_audit_exits_non_zero_naming_an_altered_event(demo_database, tmp_path):
    copy = tmp_path / "demo.sqlite3"
    with (
        sqlite3.connect(demo_database / "demo.sqlite3") as source,
        sqlite3.connect(copy) as target,
    ):
        source.backup(target)
    with sqlite3.connect(copy) as db:
        (event_id,) = db.execute(
            "SELECT id FROM audit_auditevent ORDER BY id LIMIT 1 OFFSET 2"
        ).fetchone()
        # The database refuses the edit; whoever can write the file can drop that guard first.
        db.execute("DROP TRIGGER audit_auditevent_no_update")
        db.execute("UPDATE audit_auditevent SET actor_id = 4242 WHERE id = ?", (event_id,))
    result = schoolprivacy(tmp_path, "verify-audit")
    assert result.returncode != 0
    # The console speaks the board's language (LANGUAGE_CODE nl).
    assert f"gebeurtenis-id {event_id}" in result.stderr
