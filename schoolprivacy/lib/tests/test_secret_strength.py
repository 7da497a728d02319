"""The one rule for production secrets: not published, not guessable (issue 12.2)."""

import base64
import os
import secrets

import pytest

from schoolprivacy.lib.env import ConfigurationError, env_secret, refuse_unsafe_secret
from schoolprivacy.lib.secret_strength import MIN_BITS, estimated_bits, secret_problem


@pytest.mark.parametrize(
    "value",
    [b"a" * 50, b"ab" * 40, b"abcdefgh" * 7, b"0123456789" * 6, bytes(32), bytes(range(32))],
)
def test_patterns_people_type_score_low(value):
    assert estimated_bits(value) < MIN_BITS


def test_generated_keys_score_high():
    for _ in range(2000):
        assert estimated_bits(os.urandom(32)) >= MIN_BITS
        assert estimated_bits(secrets.token_urlsafe(38).encode()) >= MIN_BITS
        assert estimated_bits(secrets.token_hex(32).encode()) >= MIN_BITS


def test_a_value_found_in_the_repository_is_refused(tmp_path):
    leaked = secrets.token_urlsafe(64)
    (tmp_path / "example.env").write_text(f"SECRET_KEY={leaked}\n")
    problem = secret_problem("SECRET_KEY", leaked, roots=(tmp_path,))
    assert problem is not None
    assert "published with Schoolprivacy" in problem
    assert leaked not in problem
    assert secret_problem("SECRET_KEY", secrets.token_urlsafe(64), roots=(tmp_path,)) is None


@pytest.mark.parametrize(
    "encode",
    [base64.urlsafe_b64encode, base64.b64encode, lambda key: key.hex().encode()],
    ids=["urlsafe-base64", "base64", "hex"],
)
def test_a_binary_key_is_found_in_any_of_its_spellings(tmp_path, encode):
    key = os.urandom(32)
    spelled = encode(key)
    (tmp_path / "settings.py").write_bytes(b'KEY = "1:' + spelled + b'"\n')
    assert secret_problem("DATA_KEYS key 1", key, roots=(tmp_path,)) is not None


def test_values_named_public_by_the_caller_are_refused(tmp_path):
    throwaway = secrets.token_urlsafe(64)
    problem = secret_problem("SECRET_KEY", throwaway, public_values=[throwaway], roots=(tmp_path,))
    assert problem is not None
    assert "published" in problem


def test_a_guessable_value_is_refused_without_showing_it(tmp_path):
    problem = secret_problem("AUDIT_CHAIN_KEY", "x" * 64, roots=(tmp_path,))
    assert problem is not None
    assert "too easy to guess" in problem
    assert "x" * 10 not in problem


def test_every_production_secret_read_from_the_environment_gets_the_rule():
    with pytest.raises(ConfigurationError, match="ANY_KEY is too easy to guess"):
        env_secret("ANY_KEY", fallback=None, environ={"ANY_KEY": "a" * 60})
    strong = secrets.token_urlsafe(64)
    assert env_secret("ANY_KEY", fallback=None, environ={"ANY_KEY": strong}) == strong


def test_demo_and_test_modes_may_set_a_weak_key():
    # They pass a fallback: their data is fictitious.
    assert env_secret("ANY_KEY", fallback="x", environ={"ANY_KEY": "a" * 60}) == "a" * 60


def test_the_demo_data_key_of_the_repository_is_refused():
    demo = base64.urlsafe_b64decode("ZGVtby1hbmQtdGVzdC1vbmx5LWtleS1ub3Qtc2VjcmU=")
    with pytest.raises(ConfigurationError, match="DATA_KEYS key 1 is a value that is published"):
        refuse_unsafe_secret("DATA_KEYS key 1", demo)
