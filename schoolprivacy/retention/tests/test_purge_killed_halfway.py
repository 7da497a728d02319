"""A purge killed half-way (a real process, SIGKILL) resumes and ends with the same data and the
same destruction counts as a run that was never interrupted (issue 16, "Done when").

The test's database is copied twice into files (SQLite's VACUUM INTO): one copy is purged by a
process that is killed in the middle and then started again, the other by one uninterrupted
process. PostgreSQL runs the same code; the copy trick is SQLite's, so the test runs there.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from schoolprivacy.retention.tests.conftest import previewed, record
from schoolprivacy.testing import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the database with VACUUM"),
]

DAY = "2027-09-01"
PUPILS = 12


def _purge(db: Path, var: Path, board: int, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "SCHOOLPRIVACY_MODE": "test",
        "SCHOOLPRIVACY_VAR_DIR": str(var),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "schoolprivacy",
            "purge",
            "--day",
            DAY,
            "--batch-size",
            "3",
            "--board",
            str(board),
            *extra,
        ],
        cwd=settings.PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _state(
    db: Path, board: int
) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]], int, str]:
    with sqlite3.connect(db) as conn:
        counts = conn.execute(
            "SELECT rule, category, SUM(count) FROM retention_destruction "
            "GROUP BY rule, category ORDER BY rule, category"
        ).fetchall()
        records = conn.execute(
            "SELECT category_key, COUNT(*) FROM dossier_record GROUP BY category_key ORDER BY 1"
        ).fetchall()
        pupils = conn.execute("SELECT COUNT(*) FROM people_pupil WHERE surname != ''").fetchone()
        runs = conn.execute(
            "SELECT status FROM retention_purgerun WHERE board_id = ?", [board]
        ).fetchall()
    return counts, records, pupils[0], ",".join(r[0] for r in runs)


def test_a_killed_purge_resumes_and_counts_as_one_run(world, register, tmp_path):
    group, board = world.group_a, world.board.pk
    for n in range(PUPILS):
        pupil = factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Proef")
        # Half left long ago (everything expired), half recently (only the pupil file expired).
        left = date(2021, 9, 1) if n % 2 else date(2025, 6, 1)
        type(pupil).objects.filter(pk=pupil.pk).update(left_on=left)
        record(pupil, "pupil.results.tests")
        record(pupil, "pupil.absence")
        factories.make_parent(pupil=pupil, email=f"ouder{n}@example.nl")
    previewed(world.board, date.fromisoformat(DAY))  # the officer's preview of the first run
    killed, whole = tmp_path / "killed.sqlite3", tmp_path / "whole.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(killed)])
        cursor.execute("VACUUM INTO %s", [str(whole)])

    first = _purge(killed, tmp_path, board, "--pause", "0.2")
    assert first.stdout is not None
    seen = 0
    for line in first.stdout:
        if line.startswith("pupil:"):
            seen += 1
            if seen == 3:
                first.send_signal(signal.SIGKILL)
                break
    first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL
    half = _state(killed, board)
    assert half[3] == "running"  # interrupted, not finished

    # The uninterrupted run on the other copy runs meanwhile: the test takes less time.
    resumed, uninterrupted = _purge(killed, tmp_path, board), _purge(whole, tmp_path, board)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    out2, err2 = uninterrupted.communicate(timeout=120)
    assert uninterrupted.returncode == 0, err2

    after_kill, after_whole = _state(killed, board), _state(whole, board)
    assert after_kill == after_whole
    counts, records, named, status = after_kill
    assert status == "done"  # one run, resumed: not a second run
    assert (
        dict(((rule, key), n) for rule, key, n in counts)[("pupil_file", "pupil.results.tests")]
        == PUPILS
    )
    # Long-gone pupils lost everything; recent leavers keep absence records and their name.
    assert records == [("pupil.absence", PUPILS // 2)]
    assert named == PUPILS // 2 + 3  # the world's own three pupils are still at school
    # The resumed run's last lines name the same totals as the uninterrupted one.
    assert out.splitlines()[-len(counts) :] == out2.splitlines()[-len(counts) :]
