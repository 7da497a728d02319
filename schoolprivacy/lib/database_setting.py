"""The DATABASES entry, from DATABASE_URL and the other database settings of the environment
(used by settings.py): SQLite or PostgreSQL, nothing else."""

from pathlib import Path
from typing import Any

import dj_database_url

from schoolprivacy.lib.env import ConfigurationError, env_bool, env_int, env_str


def database_setting(var_dir: Path, *, test_mode: bool) -> dict[str, Any]:
    url = env_str("DATABASE_URL", f"sqlite:///{var_dir / 'schoolprivacy.sqlite3'}")
    try:
        database: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        )
    except Exception as exc:
        raise ConfigurationError(
            f"DATABASE_URL is not a database address we understand ({exc}). "
            "Use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
        ) from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at the
        # start of every transaction so the audit chain never sees two writers read one head.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the write lock before "database is locked".
            "timeout": env_int("SQLITE_TIMEOUT", 20, minimum=1, maximum=300),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
        }
        database["CONN_MAX_AGE"] = 0
        database["TEST"] = {"NAME": env_str("TEST_SQLITE_NAME", "") or None}
        if test_mode:
            # SQLite has no TRUNCATE: this backend lifts the append-only triggers while the test
            # suite empties the tables between transactional tests, and only then.
            database["ENGINE"] = "schoolprivacy.testing.sqlite"
    elif database["ENGINE"] != "django.db.backends.postgresql":
        raise ConfigurationError("DATABASE_URL must point at SQLite or PostgreSQL.")
    elif env_bool("DB_PREPARED_STATEMENTS", True):
        # A statement that asks for it is prepared once per connection (the user's access facts,
        # decision 0062). Django's cursors bind on the client and never prepare, so no other is:
        # the threshold is never reached. Off behind a pooler that cannot keep prepared
        # statements (PgBouncer in transaction mode before 1.21, or without
        # max_prepared_statements).
        database.setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
    database["ATOMIC_REQUESTS"] = False
    return database
