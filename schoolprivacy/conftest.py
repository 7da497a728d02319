"""Personas as fixtures (design.md §2): one board, school A (primary) and school B (secondary).

Every persona is a `User`; `staff_client(user)` and `parent_client(user)` give a signed-in client.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.schools.models import Board, Group, School
from schoolprivacy.testing import factories, sqlite_files
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff


@dataclass
class World:
    board: Board
    school_a: School
    school_b: School
    group_a: Group
    group_a2: Group
    group_b: Group
    pupil_a: Pupil
    pupil_a2: Pupil
    pupil_b: Pupil
    privacy_officer: User
    director: User
    teacher: User
    care_coordinator: User
    administration: User
    teacher_b: User
    parent: User
    parent_without_authority: User
    parent_b: User
    other_board_staff: User


@pytest.fixture(autouse=True, scope="session")
def private_photo_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes photos into the checkout's var/ folder (the demo board uploads one)."""
    from django.conf import settings
    from django.test.utils import override_settings

    folder = tmp_path_factory.mktemp("photos")
    photos = {
        "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(folder)},
    }
    # override_settings signals the change, which makes Django forget storages built before.
    override = override_settings(STORAGES={**settings.STORAGES, "photos": photos})
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def migrated_installation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installation with a migrated, empty SQLite file, made once per run: copy it
    (`sqlite_files.copy_installation`), never change it."""
    return sqlite_files.make_installation(tmp_path_factory.mktemp("migrated"), "migrate", "-v0")


@pytest.fixture(scope="session")
def demo_installation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installation with the demo board, made once per run by `schoolprivacy demo`: copy it,
    never change it."""
    folder = tmp_path_factory.mktemp("demo-installation")
    return sqlite_files.make_installation(folder, "demo", "--no-serve")


@pytest.fixture
def world(db: None) -> World:
    board = factories.make_board(name="Stichting Demo")
    school_a = factories.make_school(board=board, name="De Regenboog")
    school_b = factories.make_school(board=board, kind=School.Kind.SECONDARY, name="Het Lyceum")
    group_a = factories.make_group(school=school_a, name="Groep 5a")
    group_a2 = factories.make_group(school=school_a, name="Groep 7", year_level=7)
    group_b = factories.make_group(school=school_b, name="2B", year_level=2)
    pupil_a = factories.make_pupil(group=group_a, first_name="Sanne", surname="Jansen")
    pupil_a2 = factories.make_pupil(group=group_a2, first_name="Daan", surname="Bakker")
    pupil_b = factories.make_pupil(group=group_b, first_name="Noor", surname="Visser")

    def staff(username: str, role: Role, **scope: School | Group) -> User:
        member = factories.make_staff(board=board, username=username)
        factories.assign(member, role, **scope)  # type: ignore[arg-type]
        return member.user

    other_board = factories.make_board(name="Stichting Elders")
    other_school = factories.make_school(board=other_board)
    other = factories.make_staff(board=other_board, username="elders")
    factories.assign(other, Role.ADMINISTRATION, school=other_school)

    return World(
        board=board,
        school_a=school_a,
        school_b=school_b,
        group_a=group_a,
        group_a2=group_a2,
        group_b=group_b,
        pupil_a=pupil_a,
        pupil_a2=pupil_a2,
        pupil_b=pupil_b,
        privacy_officer=staff("fg", Role.PRIVACY_OFFICER),
        director=staff("directeur", Role.LOCATION_DIRECTOR, school=school_a),
        teacher=staff("leerkracht", Role.TEACHER, group=group_a),
        care_coordinator=staff("ib", Role.CARE_COORDINATOR, school=school_a),
        administration=staff("administratie", Role.ADMINISTRATION, school=school_a),
        teacher_b=staff("leerkracht.b", Role.TEACHER, group=group_b),
        parent=_user(factories.make_parent(pupil=pupil_a, email="ouder@example.nl")),
        parent_without_authority=_user(
            factories.make_parent(pupil=pupil_a, email="ex@example.nl", authority=False)
        ),
        parent_b=_user(factories.make_parent(pupil=pupil_b, email="ouder.b@example.nl")),
        other_board_staff=other.user,
    )


def _user(guardian: Guardian) -> User:
    assert guardian.user is not None
    return guardian.user


@pytest.fixture
def staff_client(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return sign_in_staff(Client(), user)

    return make


@pytest.fixture
def parent_client(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return sign_in_parent(Client(), user)

    return make
