import pytest

from schoolprivacy.lib.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
)


def test_booleans_accept_the_usual_spellings():
    assert env_bool("X", False, environ={"X": "Yes"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True


def test_a_misspelt_boolean_stops_start_up_naming_the_variable():
    with pytest.raises(ConfigurationError, match="DEBUG must be true or false"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_integers_are_checked_against_their_bounds():
    assert env_int("N", 3, environ={"N": " 42 "}) == 42
    with pytest.raises(ConfigurationError, match="whole number"):
        env_int("N", 3, environ={"N": "4x"})
    with pytest.raises(ConfigurationError, match="at least 5"):
        env_int("N", 30, minimum=5, environ={"N": "1"})
    with pytest.raises(ConfigurationError, match="at most 10"):
        env_int("N", 3, maximum=10, environ={"N": "11"})


def test_lists_drop_empty_items():
    assert env_list("H", [], environ={"H": "a.nl, ,b.nl,"}) == ["a.nl", "b.nl"]


def test_choices_refuse_unknown_values():
    with pytest.raises(ConfigurationError, match="one of smtp, console"):
        env_choice("EMAIL_BACKEND", "smtp", ("smtp", "console"), environ={"EMAIL_BACKEND": "x"})


def test_a_secret_has_no_default_outside_demo_and_tests():
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        env_secret("SECRET_KEY", fallback=None, environ={})
    with pytest.raises(ConfigurationError, match="at least 50"):
        env_secret("SECRET_KEY", fallback=None, environ={"SECRET_KEY": "short"})
    assert env_secret("SECRET_KEY", fallback="demo", environ={}) == "demo"
