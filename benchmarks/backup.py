"""Backup and restore speed on SQLite (issue 18 item 6, decision 0043).

    uv run python benchmarks/backup.py [--mb 200]

Builds a WAL database of about --mb megabytes in a temporary folder and times, in the same run:
a plain file copy (the baseline: the disk's speed, but not a consistent backup of a live
database), `VACUUM INTO` (consistent, no progress), `schoolprivacy backup`'s online copy idle and
while another connection keeps writing (with the writes that went through meanwhile: the service
is not held up), and the restore's page copy into the live file. Prints figures, asserts nothing.
"""

import argparse
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schoolprivacy.backups.sqlite import online_copy, replace_database


def build(path: Path, megabytes: int) -> None:
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v BLOB)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO t (v) VALUES (randomblob(4000))", [()] * (megabytes * 256))
        db.execute("COMMIT")


def timed(label: str, size: float, work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.2f} s  {size / seconds:8.0f} MB/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    megabytes = parser.parse_args().mb
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        live = root / "live.sqlite3"
        build(live, megabytes)
        size = live.stat().st_size / 1e6
        print(f"database: {size:.0f} MB")
        timed(
            "baseline: file copy (not consistent)", size, lambda: shutil.copyfile(live, root / "a")
        )

        def vacuum() -> None:
            with sqlite3.connect(live) as db:
                db.execute("VACUUM INTO ?", [str(root / "b")])

        timed("baseline: VACUUM INTO", size, vacuum)
        timed("backup: online copy, idle", size, lambda: online_copy(live, root / "c"))

        stop = threading.Event()
        writes = [0]

        def writer() -> None:
            with sqlite3.connect(live, isolation_level=None, timeout=30) as db:
                while not stop.is_set():
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO t (v) VALUES (randomblob(1000))")
                    db.execute("COMMIT")
                    writes[0] += 1

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(0.2)
        alone = writes[0]
        time.sleep(1.0)
        alone = writes[0] - alone
        print(f"{'baseline: writes per second, no copy running':<44} {alone:7d} /s")
        before = writes[0]
        seconds = timed(
            "backup: online copy, another writer busy", size, lambda: online_copy(live, root / "d")
        )
        during = writes[0] - before
        stop.set()
        thread.join()
        print(
            f"{'  writes committed during that copy':<44} {during:7d}"
            f"     {during / seconds:8.0f} /s"
        )
        timed(
            "restore: page copy into the live file",
            size,
            lambda: replace_database(root / "c", live),
        )


if __name__ == "__main__":
    main()
