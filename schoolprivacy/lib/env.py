"""Strict readers for environment variables.

Every setting comes from the environment. A bad value stops start-up with a message that names the
variable and says what is expected, instead of a default silently taking over.
"""

import os
from collections.abc import Iterable, Mapping

from schoolprivacy.lib.secret_strength import secret_problem


class ConfigurationError(Exception):
    """Raised at start-up when an environment variable holds a value we cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    source = os.environ if environ is None else environ
    return source.get(name, default)


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    value = source[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    raw = source[name].strip()
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ConfigurationError(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    source = os.environ if environ is None else environ
    if name not in source:
        return list(default)
    return [item.strip() for item in source[name].split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    source = os.environ if environ is None else environ
    value = source.get(name, default).strip()
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_secret(
    name: str,
    *,
    fallback: str | None,
    min_length: int = 50,
    public_values: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> str:
    """A secret that must come from the environment.

    `fallback` is only given in the demo and test modes; in every other mode a missing, short,
    published or guessable secret stops start-up (`refuse_unsafe_secret`), so a deployment can
    never run with a key that is in the repository.
    """
    source = os.environ if environ is None else environ
    value = source.get(name, "")
    if not value:
        if fallback is not None:
            return fallback
        raise ConfigurationError(
            f"{name} is not set. Generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if len(value) < min_length:
        raise ConfigurationError(f"{name} must be at least {min_length} characters long.")
    if fallback is None:
        refuse_unsafe_secret(name, value, public_values=public_values)
    return value


def refuse_unsafe_secret(
    name: str, value: str | bytes, *, public_values: Iterable[str | bytes] = ()
) -> None:
    """Stop start-up when a production secret is published (in the repository, or one of
    `public_values`) or of low entropy. Applied to every secret: see lib/secret_strength.py."""
    problem = secret_problem(name, value, public_values=public_values)
    if problem is not None:
        raise ConfigurationError(problem)
