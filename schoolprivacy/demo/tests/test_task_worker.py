"""The task worker outlives a database that stays locked longer than its busy timeout.

Real processes on a SQLite file: this test holds the write lock with its own connection, as a
long import did, while the worker polls its queue with a one-second busy timeout.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schoolprivacy.testing import sqlite_files

LOCKED_SECONDS = 4


pytestmark = pytest.mark.own_sqlite_file


@pytest.fixture
def environment(migrated_installation: Path, tmp_path: Path) -> dict[str, str]:
    folder = sqlite_files.copy_installation(migrated_installation, tmp_path)
    return sqlite_files.environment(folder, SQLITE_TIMEOUT="1")


def _hold_lock_while(command: list[str], env: dict[str, str], log: Path) -> int | None:
    """Start `command`, hold the write lock for LOCKED_SECONDS, then give it 2 s more; return
    its exit status, or None while it is still running."""
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with log.open("w") as out:
        worker = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    lock = sqlite3.connect(database, isolation_level=None)
    try:
        # Past its start-up (system checks read the database too), polling the queue.
        deadline = time.monotonic() + 20
        while "Starting worker" not in log.read_text():
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        time.sleep(0.5)
        lock.execute("BEGIN IMMEDIATE")
        time.sleep(LOCKED_SECONDS)
        lock.execute("COMMIT")
        time.sleep(2)
        return worker.poll()
    finally:
        lock.close()
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=10)


def test_it_waits_for_a_locked_database_and_goes_on(environment, tmp_path):
    # An upload abandoned two hours ago: the worker sweeps it without a new upload (item 10).
    abandoned = tmp_path / "imports-pending" / "abandoned"
    abandoned.parent.mkdir(exist_ok=True)
    abandoned.write_text("v1:1:sealed")
    os.utime(abandoned, (time.time() - 7200, time.time() - 7200))
    command = [sys.executable, "-m", "schoolprivacy", "task_worker", "--interval", "0.2"]
    log = tmp_path / "worker.log"
    assert _hold_lock_while(command, environment, log) is None, log.read_text()
    assert "database is locked; the worker tries again" in log.read_text()
    assert not abandoned.exists()


def test_the_worker_of_the_library_alone_dies_of_it(environment, tmp_path):
    # What serve ran before: the reason for task_worker. Should this start passing, the
    # library handles the lock itself and task_worker may go.
    command = [sys.executable, "-m", "schoolprivacy", "db_worker", "--interval", "0.2"]
    log = tmp_path / "db_worker.log"
    assert _hold_lock_while(command, environment, log) not in (None, 0), log.read_text()
    assert "database is locked" in log.read_text()
