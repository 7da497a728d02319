"""Staff seats: who works where in which role, written as users, staff members and assignments.

Every school gets a location director, a care coordinator, an administration clerk and one teacher
per current group; the board gets a privacy officer. Generated staff cannot sign in (unusable
password); only the demo personas get a password and a second factor, in `personas`.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.models import User
from schoolprivacy.demo import identities
from schoolprivacy.demo.specs import BATCH_SIZE, BuiltBoard, BuiltSchool
from schoolprivacy.people.models import Staff
from schoolprivacy.schools.models import Group, Location

# (role, school name or None, group name or None): how a caller names a seat to give it a username.
SeatKey = tuple[str, str | None, str | None]

# Dutch job titles make generated usernames readable: 50000.leerkracht.12.
ROLE_SLUGS = {
    Role.TEACHER: "leerkracht",
    Role.CARE_COORDINATOR: "ib",
    Role.LOCATION_DIRECTOR: "directeur",
    Role.ADMINISTRATION: "administratie",
    Role.PRIVACY_OFFICER: "fg",
    Role.FUNCTIONAL_ADMIN: "beheer",
}


@dataclass
class Seat:
    role: Role
    school: BuiltSchool | None
    group: Group | None
    username: str
    name: identities.PersonName
    staff: Staff | None = None  # set once written


def plan_seats(
    built: BuiltBoard, rng: random.Random, persona_usernames: dict[SeatKey, str]
) -> list[Seat]:
    """One seat per role and school (and per group for teachers); personas take theirs by key."""
    seats: list[Seat] = []
    number = built.board.board_number

    def add(role: Role, school: BuiltSchool | None = None, group: Group | None = None) -> None:
        key = (role.value, school.school.name if school else None, group.name if group else None)
        username = persona_usernames.get(key) or f"{number}.{ROLE_SLUGS[role]}.{len(seats) + 1}"
        seats.append(Seat(role, school, group, username, identities.adult_name(rng)))

    add(Role.PRIVACY_OFFICER)
    for entry in built.schools:
        add(Role.LOCATION_DIRECTOR, entry)
        add(Role.CARE_COORDINATOR, entry)
        add(Role.ADMINISTRATION, entry)
        for group in entry.groups.values():
            add(Role.TEACHER, entry, group)

    missing = set(persona_usernames.values()) - {seat.username for seat in seats}
    if missing:
        raise ValueError(f"No seat matches the personas {sorted(missing)}; check their keys.")
    return seats


def write_seats(built: BuiltBoard, seats: list[Seat]) -> dict[str, int]:
    board = built.board
    users = User.objects.bulk_create(
        # Generated staff cannot sign in: make_password(None) is an unusable password.
        [
            User(username=s.username, kind=User.Kind.STAFF, password=make_password(None))
            for s in seats
        ],
        batch_size=BATCH_SIZE,
    )
    staff = Staff.objects.bulk_create(
        [
            Staff(
                board=board,
                user=user,
                first_name=seat.name.first_name,
                surname_prefix=seat.name.surname_prefix,
                surname=seat.name.surname,
                email=f"{seat.username}@{identities.STAFF_EMAIL_DOMAIN}",
            )
            for seat, user in zip(seats, users, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    starts_on = built.current_year.starts_on
    assignments = []
    directed: list[Location] = []
    for seat, member in zip(seats, staff, strict=True):
        seat.staff = member
        assignments.append(
            Assignment(
                board=board,
                staff=member,
                role=seat.role,
                school=seat.school.school if seat.school else None,
                group=seat.group,
                starts_on=starts_on,
            )
        )
        if seat.role == Role.LOCATION_DIRECTOR and seat.school is not None:
            seat.school.location.director = member
            directed.append(seat.school.location)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE)
    Location.objects.bulk_update(directed, ["director"], batch_size=BATCH_SIZE)
    return {"users": len(users), "staff": len(staff), "assignments": len(assignments)}
