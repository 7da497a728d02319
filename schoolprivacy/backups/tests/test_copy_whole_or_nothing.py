"""The copy itself, without Django's database: progress per ten percent on a database that takes
several steps, a file that appears whole (mode 600) or not at all, and one self-contained file
(no -wal beside it)."""

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from schoolprivacy.backups.files import written_atomically
from schoolprivacy.backups.sqlite import PAGES_PER_STEP, every_tenth_percent, online_copy


def _database(path: Path, rows: int) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO t (v) VALUES (randomblob(4000))", [()] * rows)
        db.execute("COMMIT")


def test_a_large_copy_reports_progress_and_is_one_file(tmp_path):
    live = tmp_path / "live.sqlite3"
    _database(live, rows=PAGES_PER_STEP * 2)  # about three steps of the backup API
    reported: list[int] = []
    target = tmp_path / "backups" / "copy.sqlite3"
    with written_atomically(target) as partial:
        online_copy(live, partial, progress=every_tenth_percent(lambda p, d, t: reported.append(p)))
    assert len(reported) >= 2 and reported[-1] == 100
    assert reported == sorted(reported)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not target.with_name(f"{target.name}-wal").exists()
    assert not list(target.parent.glob(".*partial"))
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == PAGES_PER_STEP * 2


def test_a_failed_copy_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"the previous backup")
    with pytest.raises(RuntimeError), written_atomically(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"the previous backup"
    assert list(tmp_path.iterdir()) == [target]
