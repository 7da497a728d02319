"""What to build (specs) and what was built, shared by the builder modules."""

import random
import string
from dataclasses import dataclass, field
from datetime import date

from schoolprivacy.demo import names
from schoolprivacy.demo.families import FamilyPin
from schoolprivacy.schools.models import Board, Group, Location, School, SchoolYear

# Rows per INSERT statement; well inside SQLite's and PostgreSQL's limits on query parameters.
BATCH_SIZE = 1000


def school_year_of(day: date) -> tuple[date, date]:
    """School years run from 1 August to 31 July (WPO art. 1, WVO art. 1: the schooljaar)."""
    first = day.year if day.month >= 8 else day.year - 1
    return date(first, 8, 1), date(first + 1, 7, 31)


@dataclass(frozen=True)
class GroupSpec:
    name: str
    year_level: int
    size: int
    # Name of the same cohort's group last school year; empty for year level 1 (a new intake).
    previous_name: str = ""


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    kind: str
    groups: tuple[GroupSpec, ...]
    leavers: int = 0  # pupils who left during or at the end of last school year
    pins: tuple[FamilyPin, ...] = ()


@dataclass
class BuiltSchool:
    spec: SchoolSpec
    school: School
    location: Location
    groups: dict[str, Group] = field(default_factory=dict)  # current year, by name
    previous: dict[str, Group] = field(default_factory=dict)  # last year's, by current name


@dataclass
class BuiltBoard:
    board: Board
    current_year: SchoolYear
    previous_year: SchoolYear
    schools: list[BuiltSchool]
    counts: dict[str, int] = field(default_factory=dict)


# Pupils per group in generated schools, and the share of pupils who left last school year.
GROUP_SIZE = 25
LEAVER_SHARE = 0.04
YEAR_LEVELS = {School.Kind.PRIMARY: 8, School.Kind.SECONDARY: 6}


def generated_specs(pupils: int, schools: int, rng: random.Random) -> list[SchoolSpec]:
    """`schools` schools sharing exactly `pupils` pupils, every third one secondary."""
    specs = []
    for index in range(schools):
        kind = School.Kind.SECONDARY if index % 3 == 1 else School.Kind.PRIMARY
        share = pupils // schools + (index < pupils % schools)
        leavers = round(share * LEAVER_SHARE)
        groups = _generated_groups(kind, share - leavers)
        if not any(group.previous_name for group in groups):
            # Only a new intake: nobody here can have left last year, so all are current.
            groups, leavers = _generated_groups(kind, share), 0
        specs.append(SchoolSpec(_school_name(kind, index, rng), kind, groups, leavers))
    return specs


def _generated_groups(kind: School.Kind, pupils: int) -> tuple[GroupSpec, ...]:
    count = max(1, round(pupils / GROUP_SIZE))
    levels = YEAR_LEVELS[kind]
    label = "Groep {level}{letter}" if kind == School.Kind.PRIMARY else "{level}{letter}"
    # Parallel groups: groep 3a, 3b in primary school; klas 3A, 3B in secondary school.
    letters = string.ascii_lowercase if kind == School.Kind.PRIMARY else string.ascii_uppercase
    groups = []
    for index in range(count):
        level, letter = index % levels + 1, letters[index // levels % len(letters)]
        if index >= levels * len(letters):
            letter += str(index // (levels * len(letters)))
        groups.append(
            GroupSpec(
                label.format(level=level, letter=letter),
                level,
                pupils // count + (index < pupils % count),
                label.format(level=level - 1, letter=letter) if level > 1 else "",
            )
        )
    return tuple(groups)


def _school_name(kind: School.Kind, index: int, rng: random.Random) -> str:
    if kind == School.Kind.SECONDARY:
        base = names.SECONDARY_SCHOOL_NAMES[index % len(names.SECONDARY_SCHOOL_NAMES)]
    else:
        prefix = rng.choice(names.PRIMARY_SCHOOL_PREFIXES)
        base = f"{prefix} {names.PRIMARY_SCHOOL_NAMES[index % len(names.PRIMARY_SCHOOL_NAMES)]}"
    return f"{base} {names.TOWNS[index % len(names.TOWNS)]}"
