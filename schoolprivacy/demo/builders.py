"""Build a fictitious board with bulk_create, for `demo` (small, with personas) and `seed` (large).

Everything is planned in Python with one seeded `random.Random` and written in a few bulk inserts
per chunk of pupils, so the number of queries grows with the number of chunks, not of pupils.
Call `build_board` inside a transaction so that a failure leaves no half-built board behind.
"""

import random
from datetime import date, timedelta

from django.utils.text import slugify

from schoolprivacy.audit.services import audit_record
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.demo import dossier_records, families, identities, pupils, staffing
from schoolprivacy.demo.specs import (
    BATCH_SIZE,
    BuiltBoard,
    BuiltSchool,
    SchoolSpec,
    school_year_of,
)
from schoolprivacy.photos.services import channels_install_defaults
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.schools.models import Board, Group, Location, School, SchoolYear

# The audit events `build_board` writes, with the counts each one carries.
AUDIT_STEPS = {
    "organisation": ("school_years", "schools", "locations", "groups"),
    "pupils": ("pupils", "memberships"),
    "guardians": ("guardians", "guardian_relations"),
    "staff": ("users", "staff", "assignments"),
}


def build_board(
    *,
    board_number: str,
    board_name: str,
    specs: list[SchoolSpec],
    rng: random.Random,
    today: date,
    command: str,
    persona_usernames: dict[staffing.SeatKey, str] | None = None,
    progress: pupils.Progress | None = None,
) -> BuiltBoard:
    """Create the board with its schools, pupils, guardians and staff; audit one event per step."""
    built = create_organisation(board_number, board_name, specs, rng, today)
    households = [
        family
        for index, entry in enumerate(built.schools)
        for family in families.plan_families(
            pupils.plan_pupils(index, entry, built, rng), rng, entry.spec.pins
        )
    ]
    built.counts.update(pupils.write_households(built, households, rng, progress))
    seats = staffing.plan_seats(built, rng, persona_usernames or {})
    built.counts.update(staffing.write_seats(built, seats))
    # Every board starts with the default processing register, so its statements read well.
    register_install_defaults(board=built.board, actor_id=None, channel="command")
    purposes_install_defaults(board=built.board, actor_id=None, channel="command")
    channels_install_defaults(board=built.board, actor_id=None, channel="command")
    dossier_records.write_dossiers(built, seats, rng, today, command)
    for noun, keys in AUDIT_STEPS.items():
        # Counts only: the data is fictitious, but the habit of never logging values is not.
        audit_record(
            action=f"demo.{noun}.seeded",
            board_id=built.board.pk,
            actor_id=None,
            context={"command": command, **{key: built.counts[key] for key in keys}},
            channel="command",
        )
    return built


def create_organisation(
    number: str, name: str, specs: list[SchoolSpec], rng: random.Random, today: date
) -> BuiltBoard:
    """The board, this and last school year, the schools with one location each, the groups."""
    board = Board.objects.create(
        name=name, board_number=number, privacy_contact_email=f"fg@{number}.bestuur.example"
    )
    start, end = school_year_of(today)
    before = start.replace(year=start.year - 1)
    current, previous = SchoolYear.objects.bulk_create(
        [
            SchoolYear(board=board, name=f"{start.year}-{end.year}", starts_on=start, ends_on=end),
            SchoolYear(
                board=board,
                name=f"{before.year}-{start.year}",
                starts_on=before,
                ends_on=start - timedelta(days=1),
            ),
        ]
    )
    taken = set(School.objects.values_list("brin", flat=True))
    # A separate stream for BRINs: how many draws they need depends on what the database already
    # holds, and that must not change the names and dates drawn after them.
    brins = identities.unused_brins(random.Random(rng.getrandbits(64)), len(specs), taken)
    schools = School.objects.bulk_create(
        [
            School(
                board=board,
                name=spec.name,
                brin=brin,
                kind=spec.kind,
                slug=f"{slugify(spec.name)}-{brin.lower()}",
            )
            for spec, brin in zip(specs, brins, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    locations = Location.objects.bulk_create(
        [
            # DUO numbers a school's main location 00.
            Location(
                board=board,
                school=school,
                name=school.name,
                location_code=f"{school.brin}00",
                address=identities.address(rng),
            )
            for school in schools
        ],
        batch_size=BATCH_SIZE,
    )
    built = BuiltBoard(
        board,
        current,
        previous,
        [
            BuiltSchool(spec, school, location)
            for spec, school, location in zip(specs, schools, locations, strict=True)
        ],
    )
    groups: list[Group] = []
    for entry in built.schools:
        for spec in entry.spec.groups:
            group = Group(
                board=board,
                school=entry.school,
                school_year=current,
                name=spec.name,
                year_level=spec.year_level,
            )
            entry.groups[spec.name] = group
            groups.append(group)
            if spec.previous_name:
                # The same cohort one year level lower, so pupils have a history to end.
                old = Group(
                    board=board,
                    school=entry.school,
                    school_year=previous,
                    name=spec.previous_name,
                    year_level=spec.year_level - 1,
                )
                entry.previous[spec.name] = old
                groups.append(old)
    Group.objects.bulk_create(groups, batch_size=BATCH_SIZE)
    built.counts.update(
        school_years=2, schools=len(schools), locations=len(locations), groups=len(groups)
    )
    return built
