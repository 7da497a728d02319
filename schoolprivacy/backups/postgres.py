"""PostgreSQL: backups are `pg_dump` archives (custom format) and restores `pg_restore` in one
transaction (decision 0043). This module builds the exact command lines for the configured
database, runs them when the tools are installed, and reads an archive's table of contents and
migrations before it may replace the database."""

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from schoolprivacy.backups.sqlite import NotABackup

PRODUCT_TABLES = ("django_migrations", "audit_auditevent")


def _connection_options(database: Mapping[str, Any]) -> list[str]:
    options = []
    if database.get("HOST"):
        options += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        options += ["--port", str(database["PORT"])]
    if database.get("USER"):
        options += ["--username", str(database["USER"])]
    return options


def dump_command(database: Mapping[str, Any], out: Path) -> list[str]:
    """Custom format: compressed, and `pg_restore` can check and restore it in one transaction."""
    return [
        "pg_dump",
        "--format=custom",
        "--no-password",
        *_connection_options(database),
        "--file",
        str(out),
        "--dbname",
        str(database["NAME"]),
    ]


def restore_command(database: Mapping[str, Any], archive: Path) -> list[str]:
    """Drop and recreate every object of the archive, all in one transaction: an error leaves
    the database as it was."""
    return [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-password",
        *_connection_options(database),
        "--dbname",
        str(database["NAME"]),
        str(archive),
    ]


def shown(command: list[str]) -> str:
    """The command as an operator types it; the password is never part of it (PGPASSWORD)."""
    return " ".join(command)


def tool_missing(name: str) -> bool:
    return shutil.which(name) is None


def run(command: list[str], database: Mapping[str, Any]) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return subprocess.run(  # noqa: S603 - fixed program, arguments from settings, no shell
        command, env=environment, capture_output=True, text=True, check=False
    )


def inspect(archive: Path) -> frozenset[tuple[str, str]]:
    """The migrations recorded in an archive, after checking it is a `pg_dump` archive of this
    product; NotABackup otherwise."""
    listing = run(["pg_restore", "--list", str(archive)], {})
    if listing.returncode != 0:
        raise NotABackup(
            _("%(file)s is not a pg_dump archive (custom format): %(error)s")
            % {"file": archive, "error": listing.stderr.strip()}
        )
    if not all(f"TABLE public {t} " in listing.stdout for t in PRODUCT_TABLES):
        raise NotABackup(
            _("%(file)s is a pg_dump archive, but not one of Schoolprivacy.") % {"file": archive}
        )
    data = run(
        ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(archive)], {}
    )
    migrations = set()
    copying = False
    for line in data.stdout.splitlines():
        if line.startswith("COPY public.django_migrations "):
            copying = True
        elif line == "\\.":
            copying = False
        elif copying:
            columns = line.split("\t")  # id, app, name, applied
            migrations.add((columns[1], columns[2]))
    return frozenset(migrations)
