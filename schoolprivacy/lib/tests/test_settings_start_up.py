"""Start the real console script with production-like environments, as an operator would."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Generated on every run: a key written out in this file would be in the repository, and
# production refuses every value that is.
GOOD_KEY = secrets.token_urlsafe(64)
AUDIT_KEY = secrets.token_urlsafe(64)
DATA_KEYS = "3:" + base64.urlsafe_b64encode(os.urandom(32)).decode()
PSEUDONYM_KEY = secrets.token_urlsafe(64)
# Everything production needs, as the README's production configuration lists it.
PRODUCTION = {
    "SECRET_KEY": GOOD_KEY,
    "AUDIT_CHAIN_KEY": AUDIT_KEY,
    "DATA_KEYS": DATA_KEYS,
    "SUPPLIER_PSEUDONYM_KEY": PSEUDONYM_KEY,
    "ALLOWED_HOSTS": "privacy.bestuur.example",
}
# A 64-character key that looks random but is published here, so it must be refused.
PUBLISHED_KEY = "Jq4vX0tN8sLw2RbZ7yHcKp3mDf9GaUe5Tn1ViQo6Wr0ExMz8Yb2Sd4Hj7Kl9Pc3A"


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SCHOOLPRIVACY_MODE",
            "SECRET_KEY",
            "AUDIT_CHAIN_KEY",
            "DATA_KEYS",
            "SUPPLIER_PSEUDONYM_KEY",
            "ECK_ID_SALT",
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
    result = run(tmp_path, "check", SECRET_KEY=GOOD_KEY, AUDIT_CHAIN_KEY=AUDIT_KEY)
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_bad_value_names_the_variable(tmp_path):
    result = run(tmp_path, "check", **PRODUCTION, DEBUG="sometimes")
    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr


def test_a_bad_database_url_is_explained(tmp_path):
    result = run(
        tmp_path,
        "check",
        **PRODUCTION,
        DATABASE_URL="mysql://x@y/z",
    )
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def _demo_data_keys() -> str:
    from django.conf import settings

    # The demo's own key, as settings.py writes it for demo and test mode.
    return ",".join(
        f"{key_id}:{base64.urlsafe_b64encode(key).decode()}"
        for key_id, key in settings.DATA_KEYS.items()
    )


def _demo_secret_key() -> str:
    from django.conf import settings

    return settings.SECRET_KEY.replace("-test-", "-demo-")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "true", "DEBUG=true is refused in production"),
        ("SECRET_KEY", "a" * 50, "SECRET_KEY is too easy to guess"),
        ("SECRET_KEY", "0123456789" * 6, "SECRET_KEY is too easy to guess"),
        ("SECRET_KEY", "demo", "SECRET_KEY is a value that is published"),
        ("SECRET_KEY", PUBLISHED_KEY, "SECRET_KEY is a value that is published"),
        ("AUDIT_CHAIN_KEY", PUBLISHED_KEY, "AUDIT_CHAIN_KEY is a value that is published"),
        ("AUDIT_CHAIN_KEY", "ab" * 40, "AUDIT_CHAIN_KEY is too easy to guess"),
        ("DATA_KEYS", "demo", "DATA_KEYS key 1 is a value that is published"),
        ("DATA_KEYS", "3:" + "A" * 43 + "=", "DATA_KEYS key 3 is too easy to guess"),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS=* is refused in production"),
        ("ALLOWED_HOSTS", "privacy.bestuur.example,*", "ALLOWED_HOSTS=* is refused"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, variable, value, message):
    if value == "demo":
        value = _demo_data_keys() if variable == "DATA_KEYS" else _demo_secret_key()
    result = run(tmp_path, "check", **{**PRODUCTION, variable: value})
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    # The refusal names the variable but never repeats the secret.
    if variable not in ("DEBUG", "ALLOWED_HOSTS"):
        assert value not in result.stderr


def test_the_demo_key_of_the_test_suite_is_refused_too(tmp_path):
    from django.conf import settings

    result = run(tmp_path, "check", **{**PRODUCTION, "SECRET_KEY": settings.SECRET_KEY})
    assert result.returncode == 2
    assert "SECRET_KEY is a value that is published" in result.stderr


def test_production_refuses_to_start_without_data_keys(tmp_path):
    result = run(
        tmp_path,
        "check",
        SECRET_KEY=GOOD_KEY,
        AUDIT_CHAIN_KEY=AUDIT_KEY,
        ALLOWED_HOSTS="school.example",
    )
    assert result.returncode == 2
    assert "DATA_KEYS is not set" in result.stderr


def test_a_short_data_key_is_refused(tmp_path):
    result = run(
        tmp_path,
        "check",
        SECRET_KEY=GOOD_KEY,
        AUDIT_CHAIN_KEY=AUDIT_KEY,
        ALLOWED_HOSTS="school.example",
        DATA_KEYS="1:c2hvcnQ=",
    )
    assert result.returncode == 2
    assert "must be 32 bytes" in result.stderr
