"""Installations on SQLite files for tests that run the console script as separate processes.

Such a test needs a database its processes can open: a migrated file, or one with the demo board.
Migrating takes about 12 seconds (Django renders the state of 66 of our migrations), seeding the
demo longer, so each is made once per test run, by the console script as an operator would, and
every test gets a copy of its own (`copy_installation`): its changes never reach another test.

These tests do not use the test database, so they give the same result whatever DATABASE_URL
says; they carry the `own_sqlite_file` marker, and CI runs them in one of its two passes only
(.ci/run).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

DATABASE_NAME = "db.sqlite3"


def environment(folder: Path, database: str = DATABASE_NAME, **extra: str) -> dict[str, str]:
    """The console script's environment for an installation in `folder`, in demo mode."""
    keep = {key: value for key, value in os.environ.items() if key != "SCHOOLPRIVACY_MODE"}
    return {
        **keep,
        "SCHOOLPRIVACY_MODE": "demo",
        "SCHOOLPRIVACY_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / database}",
        **extra,
    }


def run(
    folder: Path, *args: str, database: str = DATABASE_NAME, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """`schoolprivacy <args>` on the installation in `folder`, output captured."""
    return subprocess.run(  # noqa: S603 (our own interpreter and console script)
        [sys.executable, "-m", "schoolprivacy", *args],
        env=environment(folder, database),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def make_installation(folder: Path, *args: str) -> Path:
    """Run `schoolprivacy <args>` (migrate, demo) in an empty `folder`; fail loudly if it fails."""
    result = run(folder, *args)
    if result.returncode != 0:
        raise AssertionError(f"schoolprivacy {' '.join(args)} failed:\n{result.stderr}")
    return folder


def copy_installation(template: Path, folder: Path, database: str = DATABASE_NAME) -> Path:
    """Copy the installation in `template` into `folder`: the database through SQLite's backup
    (a consistent copy even if a file of the template's journal were left) under the name
    `database`, every other file as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in template.iterdir():
        if item.name.startswith(DATABASE_NAME):
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, folder / item.name)
    with (
        sqlite3.connect(template / DATABASE_NAME) as source,
        sqlite3.connect(folder / database) as target,
    ):
        source.backup(target)
    source.close()
    target.close()
    return folder
