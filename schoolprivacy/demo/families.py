"""Households: which pupils are siblings and who holds parental authority over them.

The mix of situations is chosen for realistic variety (most children with two parents holding
joint authority, some separated parents, the odd voogd or foster family), not as statistics.
"""

import random
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schoolprivacy.demo import identities, names
from schoolprivacy.people.models import Guardian, GuardianRelation
from schoolprivacy.schools.models import Board, Group


class FamilyKind(StrEnum):
    # Both parents hold joint authority and live together.
    TWO_PARENTS = "two_parents"
    # One parent with sole authority.
    SINGLE_PARENT = "single_parent"
    # Sole authority; the other parent has none and is informed only on request (BW 1:377c).
    SEPARATED = "separated"
    # As SEPARATED, and the parent without authority may not be informed at all (court order or
    # the child's interest), with the reason recorded.
    RESTRICTED = "restricted"
    # A court-appointed guardian (voogd) holds authority; a voogd always has it.
    VOOGD = "voogd"
    # Foster parents care for the child without authority; a birth parent keeps authority.
    FOSTER = "foster"


KIND_WEIGHTS = {
    FamilyKind.TWO_PARENTS: 80.0,
    FamilyKind.SINGLE_PARENT: 9.0,
    FamilyKind.SEPARATED: 7.0,
    FamilyKind.RESTRICTED: 1.5,
    FamilyKind.VOOGD: 1.0,
    FamilyKind.FOSTER: 1.5,
}
# How many children of one household attend the same school.
SIBLING_WEIGHTS = {1: 55.0, 2: 35.0, 3: 10.0}


@dataclass
class PupilSlot:
    """A pupil to be written: where they sit now, where they sat last school year, key dates."""

    school_index: int
    group: Group | None  # current group; None for a pupil who left last school year
    previous_group: Group | None
    date_of_birth: date
    enrolled_on: date
    left_on: date | None = None


@dataclass(frozen=True)
class FamilyPin:
    """A household the caller needs, e.g. the demo parent's family in the demo teacher's group."""

    kind: FamilyKind
    group_name: str | None = None  # a child currently in this group; None: any current pupil
    emails: tuple[str, ...] = ()  # fixed addresses for the guardians, in the order they are made


@dataclass
class Family:
    kind: FamilyKind
    name: tuple[str, str]  # (surname prefix, surname) the children carry
    children: list[PupilSlot]
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Terms:
    """How one guardian relates to every child of the household."""

    kind: str = GuardianRelation.Kind.PARENT
    authority: bool = True
    restriction: str = GuardianRelation.Restriction.NONE


def plan_families(
    slots: list[PupilSlot], rng: random.Random, pins: tuple[FamilyPin, ...] = ()
) -> list[Family]:
    """Group one school's pupils into households; pinned households come first, one child each."""
    remaining = list(slots)
    rng.shuffle(remaining)
    families: list[Family] = []
    for pin in pins:
        index = next(
            (
                i
                for i, slot in enumerate(remaining)
                if slot.group is not None
                and (pin.group_name is None or slot.group.name == pin.group_name)
            ),
            None,
        )
        if index is None:
            raise ValueError(f"No pupil left for a {pin.kind} household in {pin.group_name}.")
        child = remaining.pop(index)
        families.append(Family(pin.kind, identities.surname(rng), [child], pin.emails))

    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    sizes, size_weights = list(SIBLING_WEIGHTS), list(SIBLING_WEIGHTS.values())
    start = 0
    while start < len(remaining):
        size = rng.choices(sizes, size_weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        children = remaining[start : start + size]
        families.append(Family(kind, identities.surname(rng), children))
        start += size
    return families


def guardians_for(family: Family, board: Board, rng: random.Random) -> list[tuple[Guardian, Terms]]:
    """The household's guardians (unsaved) with their terms towards each child."""
    home, elsewhere = identities.address(rng), identities.address(rng)
    own = family.name
    people: list[tuple[identities.PersonName, str, Terms]]
    match family.kind:
        case FamilyKind.TWO_PARENTS:
            # Married Dutch women usually keep their own legal surname; some children carry it.
            partner = own if rng.random() < 0.3 else None
            people = [
                (identities.adult_name(rng, own), home, Terms()),
                (identities.adult_name(rng, partner), home, Terms()),
            ]
        case FamilyKind.SINGLE_PARENT:
            people = [(identities.adult_name(rng, own), home, Terms())]
        case FamilyKind.SEPARATED | FamilyKind.RESTRICTED:
            restriction = (
                rng.choice(list(names.RESTRICTION_REASONS))
                if family.kind is FamilyKind.RESTRICTED
                else GuardianRelation.Restriction.NONE
            )
            people = [
                (identities.adult_name(rng), home, Terms()),
                (
                    identities.adult_name(rng, own),
                    elsewhere,
                    Terms(authority=False, restriction=restriction),
                ),
            ]
        case FamilyKind.VOOGD:
            people = [
                (
                    identities.adult_name(rng),
                    home,
                    Terms(kind=GuardianRelation.Kind.VOOGD),
                )
            ]
        case FamilyKind.FOSTER:
            foster = identities.adult_name(rng)
            foster_terms = Terms(kind=GuardianRelation.Kind.FOSTER_PARENT, authority=False)
            people = [
                (foster, home, foster_terms),
                (identities.adult_name(rng), home, foster_terms),
                (identities.adult_name(rng, own), elsewhere, Terms()),
            ]
    result = []
    for index, (person, where, terms) in enumerate(people):
        fixed = family.emails[index] if index < len(family.emails) else ""
        guardian = Guardian(
            board=board,
            first_name=person.first_name,
            surname_prefix=person.surname_prefix,
            surname=person.surname,
            email=fixed or identities.email(rng, person),
            phone=identities.mobile_phone(rng),
            address=where,
        )
        result.append((guardian, terms))
    return result


def relation(guardian: Guardian, pupil_id: int, terms: Terms) -> GuardianRelation:
    return GuardianRelation(
        board_id=guardian.board_id,
        guardian_id=guardian.pk,
        pupil_id=pupil_id,
        kind=terms.kind,
        has_parental_authority=terms.authority,
        information_restriction=terms.restriction,
        restriction_reason=names.RESTRICTION_REASONS.get(terms.restriction, ""),
    )
