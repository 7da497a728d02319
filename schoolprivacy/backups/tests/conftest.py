"""A live database file outside the test database, and the console script run on it as an
operator runs it: a separate process with its own settings."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


class Installation:
    """One installation on disk: the database file, VAR_DIR (backups, erasure log) and the
    console script pointed at them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.database = root / "live.sqlite3"
        self.var = root / "var"
        self.var.mkdir(exist_ok=True)
        self.extra_env: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k not in ("BACKUP_DIR", "ERASURE_LOG_DIR")}
        return {
            **keep,
            "SCHOOLPRIVACY_MODE": "test",
            "SCHOOLPRIVACY_VAR_DIR": str(self.var),
            "DATABASE_URL": f"sqlite:///{self.database}",
            **self.extra_env,
        }

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "schoolprivacy", *args]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            cwd=settings.PROJECT_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def step(self, call: str) -> subprocess.CompletedProcess[str]:
        """Run a function of steps.py in `schoolprivacy shell`."""
        code = f"from schoolprivacy.backups.tests import steps; steps.{call}"
        return self.run("shell", "--no-imports", "-c", code)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, params).fetchall()

    def take_test_database(self) -> None:
        """The test database as it is now becomes the installation's database file."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(self.database)])


@pytest.fixture
def installation(tmp_path: Path) -> Installation:
    return Installation(tmp_path)
