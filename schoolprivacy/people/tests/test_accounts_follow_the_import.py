"""Parent and pupil accounts follow the pupil administration (issue 13.1, 13.3)."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.parent_links import parent_user_id_for
from schoolprivacy.conftest import World
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people import accounts
from schoolprivacy.people.accounts import accounts_sync
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import School
from schoolprivacy.testing.sessions import sign_in_parent

SAMPLE = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")


def _import(world: World, path: Path, school: School | None = None) -> None:
    report = import_las(
        path=path,
        school=school or world.school_a,
        # The administration imports for its own school only (access.duties.Duty.IMPORT); other
        # schools are imported from the command line here.
        actor=world.administration if school in (None, world.school_a) else None,
        today=timezone.localdate(),
    )
    assert report.applied, report.problems


def _file(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _account(email: str) -> User:
    return User.objects.get(email__iexact=email)


def test_every_guardian_with_an_address_gets_one_account_across_children(
    world: World, tmp_path: Path
) -> None:
    _import(world, _file(tmp_path, SAMPLE))
    peter = _account("peter.devries@example.nl")
    assert peter.kind == User.Kind.PARENT and peter.is_active and not peter.has_usable_password()
    # Sem and Fleur share Peter: one account, both children behind it.
    children = GuardianRelation.objects.filter(guardian__user=peter)
    assert sorted(children.values_list("pupil__external_id", flat=True)) == ["1001", "1004"]
    # Mark Smit has no email address: no account without an address to sign in with.
    mark = Guardian.objects.get(first_name="Mark")
    assert mark.user is None


def test_the_same_address_at_another_school_shares_the_account(
    world: World, tmp_path: Path
) -> None:
    _import(world, _file(tmp_path, SAMPLE))
    header = SAMPLE.splitlines()[0]
    line = (
        "7001;Noor;Noor;;Vries;01-02-2012;5V;;01-08-2024;;Peter de Vries;Vader;ja;"
        "PETER.devries@example.nl;06-12345678;;;;;"
    )
    _import(world, _file(tmp_path, f"{header}\n{line}\n", "b.csv"), world.school_b)
    peter = _account("peter.devries@example.nl")
    assert Guardian.objects.filter(user=peter).count() == 2  # one record per school
    assert User.objects.filter(email__iexact="peter.devries@example.nl").count() == 1
    assert sorted(
        GuardianRelation.objects.filter(guardian__user=peter).values_list(
            "pupil__external_id", flat=True
        )
    ) == ["1001", "1004", "7001"]


def test_a_changed_address_moves_the_account(world: World, tmp_path: Path) -> None:
    _import(world, _file(tmp_path, SAMPLE))
    before = _account("anna@example.nl")
    _import(world, _file(tmp_path, SAMPLE.replace("anna@example.nl", "anna.nieuw@example.nl")))
    after = _account("anna.nieuw@example.nl")
    assert after.pk == before.pk and after.is_active
    assert parent_user_id_for("anna@example.nl") is None
    assert parent_user_id_for("anna.nieuw@example.nl") == before.pk


def test_a_guardian_a_later_import_no_longer_lists_loses_access(
    world: World, tmp_path: Path
) -> None:
    _import(world, _file(tmp_path, SAMPLE))
    anna = _account("anna@example.nl")
    sem = Pupil.objects.get(external_id="1001")
    client = sign_in_parent(Client(), anna)
    assert client.get(reverse("portal:child", args=[sem.pk])).status_code == 200
    # Anna no longer appears for Sem; Fleur's line still names her.
    lines = SAMPLE.splitlines()
    lines[1] = lines[1].replace(
        ";Anna de Vries-Bakker;Moeder;ja;anna@example.nl;06-87654321", ";;;;;"
    )
    _import(world, _file(tmp_path, "\n".join(lines) + "\n"))
    relation = GuardianRelation.objects.get(guardian__user=anna, pupil=sem)
    assert relation.ends_on == timezone.localdate()
    assert client.get(reverse("portal:child", args=[sem.pk])).status_code == 404
    fleur = Pupil.objects.get(external_id="1004")
    assert client.get(reverse("portal:child", args=[fleur.pk])).status_code == 200
    # Gone from Fleur's line too: the account is switched off and no link is sent any more.
    lines[4] = lines[4].replace(
        ";Anna de Vries-Bakker;Moeder;ja;anna@example.nl;06-87654321", ";;;;;"
    )
    _import(world, _file(tmp_path, "\n".join(lines) + "\n"))
    anna.refresh_from_db()
    assert not anna.is_active
    assert parent_user_id_for("anna@example.nl") is None
    assert client.get(reverse("portal:home")).status_code == 302  # signed out: inactive


def test_running_it_again_changes_nothing(world: World, tmp_path: Path) -> None:
    _import(world, _file(tmp_path, SAMPLE))
    users = list(User.objects.order_by("pk").values_list("pk", "email", "is_active"))
    again = accounts_sync(board_id=world.board.pk, actor_id=None, channel="test")
    assert not any(again.counts().values())
    assert list(User.objects.order_by("pk").values_list("pk", "email", "is_active")) == users


def test_a_pupil_of_16_with_an_address_gets_an_own_account(world: World, tmp_path: Path) -> None:
    today = timezone.localdate()
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving;E-mail leerling"
    born_16 = today.replace(year=today.year - 17).strftime("%d-%m-%Y")
    born_12 = today.replace(year=today.year - 12).strftime("%d-%m-%Y")
    text = (
        f"{header}\n8001;Mila;Bos;{born_16};01-08-2022;mila@example.nl\n"
        f"8002;Tim;Bos;{born_12};01-08-2022;tim@example.nl\n"
    )
    import_las(
        path=_file(tmp_path, text),
        school=world.school_b,
        actor=None,
        full=False,
        today=today,
    )
    mila = Pupil.objects.get(external_id="8001")
    assert mila.user is not None and mila.user.kind == User.Kind.PUPIL
    assert parent_user_id_for("mila@example.nl") == mila.user.pk
    # Under 16 the parents decide: the address is kept, but there is no account yet.
    tim = Pupil.objects.get(external_id="8002")
    assert tim.email == "tim@example.nl" and tim.user is None


def test_an_address_of_a_staff_member_is_left_alone(world: World, tmp_path: Path) -> None:
    world.teacher.email = "peter.devries@example.nl"
    world.teacher.save()
    _import(world, _file(tmp_path, SAMPLE))
    world.teacher.refresh_from_db()
    assert world.teacher.kind == User.Kind.STAFF
    assert Guardian.objects.get(email="peter.devries@example.nl").user is None


def test_guardians_out_of_step_after_a_window_in_step_get_their_account(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of PAGE guardians reach every guardian out of step. On PostgreSQL the board is
    walked in windows of POSTGRESQL_PAGE guardians after a first full page, and a window with
    nobody out of step does not end the walk (issue 18.2: the windows keep each page's query
    bounded there)."""
    _import(world, _file(tmp_path, SAMPLE))
    guardians = list(Guardian.objects.filter(board=world.board).exclude(email="").order_by("pk"))
    assert len(guardians) >= 3 and all(g.user_id for g in guardians)
    first, last = guardians[0], guardians[-1]
    Guardian.objects.filter(pk=first.pk).update(user=None, email="early.parent@example.nl")
    Guardian.objects.filter(pk=last.pk).update(user=None, email="late.parent@example.nl")
    # The first page is full, the windows between hold nobody out of step, then the last one.
    monkeypatch.setattr(accounts, "PAGE", 1)
    monkeypatch.setattr(accounts, "POSTGRESQL_PAGE", 1)
    result = accounts_sync(board_id=world.board.pk, actor_id=None, channel="command")
    assert result.created == 2
    for guardian, email in ((first, "early.parent@example.nl"), (last, "late.parent@example.nl")):
        guardian.refresh_from_db()
        assert guardian.user is not None and guardian.user.email == email
