"""Random but plausible names, addresses and contact details, drawn from `names`.

Every function takes the caller's `random.Random`, so a run with the same seed makes the same data.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from schoolprivacy.demo import names

# Generated addresses live under the reserved `.example` TLD (RFC 2606): never deliverable.
EMAIL_DOMAIN = "ouders.example"
STAFF_EMAIL_DOMAIN = "school.example"
# Postcode letters: PostNL skips F, I, O, Q, U and Y, and never hands out SA, SD or SS.
_BANNED_POSTCODE_LETTERS = {"SA", "SD", "SS"}
_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class PersonName:
    first_name: str
    surname_prefix: str
    surname: str


def surname(rng: random.Random) -> tuple[str, str]:
    """(prefix, surname), e.g. ("van den", "Berg")."""
    return rng.choice(names.SURNAMES)


def child_first_name(rng: random.Random) -> str:
    return rng.choice(names.GIRLS if rng.random() < 0.5 else names.BOYS)


def given_names(rng: random.Random, first_name: str) -> str:
    """All given names as on the birth certificate; half the children have a second one."""
    if rng.random() < 0.5:
        return f"{first_name} {rng.choice(names.MIDDLE_NAMES)}"
    return first_name


def adult_name(rng: random.Random, family: tuple[str, str] | None = None) -> PersonName:
    """An adult; with `family` they share that surname, otherwise they get their own."""
    prefix, last = family if family is not None else surname(rng)
    first = rng.choice(names.WOMEN if rng.random() < 0.5 else names.MEN)
    return PersonName(first, prefix, last)


def address(rng: random.Random) -> str:
    """`Kerkstraat 12, 1234 AB Beekveld`."""
    letters = "SS"
    while letters in _BANNED_POSTCODE_LETTERS:
        letters = rng.choice(_LETTERS) + rng.choice(_LETTERS)
    postcode = f"{rng.randint(1000, 9999)} {letters}"
    return (
        f"{rng.choice(names.STREETS)} {rng.randint(1, 180)}, {postcode} {rng.choice(names.TOWNS)}"
    )


def email(rng: random.Random, person: PersonName, domain: str = EMAIL_DOMAIN) -> str:
    local = slugify(f"{person.first_name} {person.surname_prefix} {person.surname}")
    return f"{local.replace('-', '.')}{rng.randint(1, 999)}@{domain}"


def mobile_phone(rng: random.Random) -> str:
    return f"06-{rng.randint(10_000_000, 99_999_999)}"


def unused_brins(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` BRIN codes (two digits, two letters) that no existing school uses.

    BRINs are unique nationally, so fictitious schools must not take one a real school holds in
    this database; which ones are free depends on what is already there.
    """
    capacity = 100 * 26 * 26 - len(taken)
    if count > capacity:
        raise ValueError(f"Only {capacity} BRIN codes are still free; asked for {count}.")
    chosen: list[str] = []
    seen = set(taken)
    while len(chosen) < count:
        brin = f"{rng.randint(0, 99):02d}{rng.choice(_UPPER)}{rng.choice(_UPPER)}"
        if brin not in seen:
            seen.add(brin)
            chosen.append(brin)
    return chosen
