"""Test data builders that keep related objects inside one board and school."""

import itertools
from datetime import date

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.schools.models import Board, Group, School, SchoolYear

_counter = itertools.count(1)

TODAY_YEAR_START = date(2026, 8, 1)


def make_board(*, name: str = "Stichting Proef", number: str | None = None) -> Board:
    n = next(_counter)
    return Board.objects.create(name=name, board_number=number or f"{10000 + n:05d}")


def make_school_year(*, board: Board, starts_on: date = TODAY_YEAR_START) -> SchoolYear:
    return SchoolYear.objects.get_or_create(
        board=board,
        name=f"{starts_on.year}-{starts_on.year + 1}",
        defaults={"starts_on": starts_on, "ends_on": date(starts_on.year + 1, 7, 31)},
    )[0]


def make_school(*, board: Board, kind: str = School.Kind.PRIMARY, name: str = "") -> School:
    n = next(_counter)
    letters = f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    brin = f"{n % 100:02d}{letters}"
    return School.objects.create(
        board=board, name=name or f"School {n}", brin=brin, kind=kind, slug=f"school-{n}"
    )


def make_group(*, school: School, name: str = "", year_level: int = 5) -> Group:
    year = make_school_year(board=school.board)
    return Group.objects.create(
        board=school.board,
        school=school,
        school_year=year,
        name=name or f"Groep {next(_counter)}",
        year_level=year_level,
    )


def make_pupil(
    *,
    group: Group,
    first_name: str = "Sanne",
    surname: str = "Jansen",
    date_of_birth: date = date(2017, 3, 14),
    left_on: date | None = None,
) -> Pupil:
    pupil = Pupil.objects.create(
        board=group.board,
        school=group.school,
        given_names=first_name,
        first_name=first_name,
        surname=surname,
        date_of_birth=date_of_birth,
        enrolled_on=date(2021, 8, 20),
        left_on=left_on,
    )
    GroupMembership.objects.create(
        board=group.board, pupil=pupil, group=group, starts_on=group.school_year.starts_on
    )
    return pupil


def make_staff(*, board: Board, username: str, first_name: str = "Kim") -> Staff:
    user = User.objects.create_user(
        username=username, password="correct horse battery", kind="staff"
    )
    return Staff.objects.create(board=board, user=user, first_name=first_name, surname=username)


def assign(
    staff: Staff, role: Role, *, school: School | None = None, group: Group | None = None
) -> Assignment:
    return Assignment.objects.create(
        board=staff.board,
        staff=staff,
        role=role,
        school=school or (group.school if group else None),
        group=group,
        starts_on=date(2026, 8, 1),
    )


def make_parent(
    *,
    pupil: Pupil,
    email: str,
    authority: bool = True,
    kind: str = GuardianRelation.Kind.PARENT,
) -> Guardian:
    user = User.objects.create_user(
        username=f"parent-{next(_counter)}", email=email, kind=User.Kind.PARENT
    )
    user.set_unusable_password()
    user.save()
    guardian = Guardian.objects.create(
        board=pupil.board, first_name="Alex", surname=pupil.surname, email=email, user=user
    )
    GuardianRelation.objects.create(
        board=pupil.board,
        guardian=guardian,
        pupil=pupil,
        kind=kind,
        has_parental_authority=authority,
    )
    return guardian
