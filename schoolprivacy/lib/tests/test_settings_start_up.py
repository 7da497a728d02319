"""Start the real console script with production-like environments, as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

GOOD_KEY = "k" * 30 + "-production-like-secret-for-this-test-only"
DATA_KEYS = "3:" + "A" * 43 + "="


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SCHOOLPRIVACY_MODE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environ.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SCHOOLPRIVACY_VAR_DIR": str(tmp_path),
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "schoolprivacy", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run(tmp_path, "check", ALLOWED_HOSTS="school.example")
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run(tmp_path, "check", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_bad_value_names_the_variable(tmp_path):
    result = run(
        tmp_path, "check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="school.example", DEBUG="sometimes"
    )
    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr


def test_a_bad_database_url_is_explained(tmp_path):
    result = run(
        tmp_path,
        "check",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="school.example",
        DATA_KEYS=DATA_KEYS,
        DATABASE_URL="mysql://x@y/z",
    )
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = run(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="school.example",
        DATA_KEYS=DATA_KEYS,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_data_keys(tmp_path):
    result = run(tmp_path, "check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="school.example")
    assert result.returncode == 2
    assert "DATA_KEYS is not set" in result.stderr


def test_a_short_data_key_is_refused(tmp_path):
    result = run(
        tmp_path,
        "check",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="school.example",
        DATA_KEYS="1:c2hvcnQ=",
    )
    assert result.returncode == 2
    assert "must be 32 bytes" in result.stderr
