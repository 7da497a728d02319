"""Pupils: plan who sits in which group (with plausible ages), then write them per household.

Writing goes in chunks of households: per chunk one bulk insert each for pupils, memberships,
guardians and guardian relations, so 10,000 pupils take well under a hundred queries.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from schoolprivacy.demo import families, identities
from schoolprivacy.demo.families import Family, PupilSlot
from schoolprivacy.demo.specs import BATCH_SIZE, BuiltBoard, BuiltSchool
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import School

# Pupils written per round of inserts; progress is reported after each round.
CHUNK_PUPILS = 1000
# Age on 1 August of the school year in which a pupil is in year level 1 (groep 1 / klas 1).
ENTRY_AGE = {School.Kind.PRIMARY: 4, School.Kind.SECONDARY: 12}
# Share of leavers who left at the end of the school year rather than during it.
LEFT_AT_YEAR_END = 0.6

Progress = Callable[[int, int], None]


def _birth_date(rng: random.Random, age: int, year_start: date) -> date:
    """A birthday that makes the pupil exactly `age` on the first day of the school year."""
    earliest = date(year_start.year - age - 1, 8, 2)
    return earliest + timedelta(days=rng.randrange(365))


def plan_pupils(
    index: int, entry: BuiltSchool, built: BuiltBoard, rng: random.Random
) -> list[PupilSlot]:
    """The current pupils of every group of one school, then last school year's leavers."""
    entry_age = ENTRY_AGE[School.Kind(entry.spec.kind)]
    this_year = built.current_year.starts_on
    last_year, last_end = built.previous_year.starts_on, built.previous_year.ends_on
    slots = []
    for spec in entry.spec.groups:
        group, previous = entry.groups[spec.name], entry.previous.get(spec.name)
        for _ in range(spec.size):
            born = _birth_date(rng, entry_age + spec.year_level - 1, this_year)
            # Enrolled at the start of the year the cohort entered year level 1.
            enrolled = this_year.replace(year=this_year.year - spec.year_level + 1)
            slots.append(PupilSlot(index, group, previous, born, enrolled))
    # Leavers sat in one of last year's groups; a school with only a new intake has none.
    cohorts = [spec for spec in entry.spec.groups if spec.previous_name]
    for _ in range(entry.spec.leavers if cohorts else 0):
        spec = rng.choice(cohorts)
        level_then = spec.year_level - 1
        born = _birth_date(rng, entry_age + level_then - 1, last_year)
        enrolled = last_year.replace(year=last_year.year - level_then + 1)
        left = last_end
        if rng.random() > LEFT_AT_YEAR_END:  # moved house during the year
            left = last_year + timedelta(days=rng.randrange(30, (last_end - last_year).days))
        slots.append(PupilSlot(index, None, entry.previous[spec.name], born, enrolled, left))
    return slots


def write_households(
    built: BuiltBoard,
    households: list[Family],
    rng: random.Random,
    progress: Progress | None = None,
) -> dict[str, int]:
    total = sum(len(family.children) for family in households)
    counts = {"pupils": 0, "memberships": 0, "guardians": 0, "guardian_relations": 0}
    start = 0
    while start < len(households):
        # Whole households per chunk, so siblings and their guardians are written together.
        end, size = start, 0
        while end < len(households) and size < CHUNK_PUPILS:
            size += len(households[end].children)
            end += 1
        _write_chunk(built, households[start:end], rng, counts)
        start = end
        if progress is not None:
            progress(counts["pupils"], total)
    return counts


def _write_chunk(
    built: BuiltBoard, chunk: list[Family], rng: random.Random, counts: dict[str, int]
) -> None:
    board = built.board
    pupils: list[list[Pupil]] = []
    for family in chunk:
        prefix, surname = family.name
        children = []
        for slot in family.children:
            first = identities.child_first_name(rng)
            children.append(
                Pupil(
                    board=board,
                    school=built.schools[slot.school_index].school,
                    given_names=identities.given_names(rng, first),
                    first_name=first,
                    surname_prefix=prefix,
                    surname=surname,
                    date_of_birth=slot.date_of_birth,
                    enrolled_on=slot.enrolled_on,
                    left_on=slot.left_on,
                )
            )
        pupils.append(children)
    flat = [pupil for children in pupils for pupil in children]
    Pupil.objects.bulk_create(flat, batch_size=BATCH_SIZE)

    memberships = [
        membership
        for family, children in zip(chunk, pupils, strict=True)
        for pupil, slot in zip(children, family.children, strict=True)
        for membership in _memberships(built, pupil, slot)
    ]
    GroupMembership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)

    people = [families.guardians_for(family, board, rng) for family in chunk]
    guardians: list[Guardian] = [guardian for household in people for guardian, _ in household]
    Guardian.objects.bulk_create(guardians, batch_size=BATCH_SIZE)
    relations = [
        families.relation(guardian, pupil.pk, terms)
        for household, children in zip(people, pupils, strict=True)
        for guardian, terms in household
        for pupil in children
    ]
    GuardianRelation.objects.bulk_create(relations, batch_size=BATCH_SIZE)

    counts["pupils"] += len(flat)
    counts["memberships"] += len(memberships)
    counts["guardians"] += len(guardians)
    counts["guardian_relations"] += len(relations)


def _memberships(built: BuiltBoard, pupil: Pupil, slot: PupilSlot) -> list[GroupMembership]:
    rows = []
    if slot.previous_group is not None:
        rows.append(
            GroupMembership(
                board=built.board,
                pupil=pupil,
                group=slot.previous_group,
                starts_on=max(built.previous_year.starts_on, slot.enrolled_on),
                # A leaver's membership ends the day they left; the others moved up a year.
                ends_on=slot.left_on or built.previous_year.ends_on,
            )
        )
    if slot.group is not None:
        rows.append(
            GroupMembership(
                board=built.board,
                pupil=pupil,
                group=slot.group,
                starts_on=max(built.current_year.starts_on, slot.enrolled_on),
            )
        )
    return rows
