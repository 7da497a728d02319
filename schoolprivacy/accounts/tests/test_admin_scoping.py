"""The admin shows each privacy officer their own board only, and needs a verified sign-in."""

from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.access.admin_scoping import object_board_id
from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.models import AuthenticatorApp
from schoolprivacy.accounts.tests.conftest import (
    confirm_sudo,
    events,
    make_admin_user,
    signed_in_with_password,
)
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.schools.models import Board, Group, Location, School, SchoolYear
from schoolprivacy.testing import factories
from schoolprivacy.testing.factories import assign
from schoolprivacy.testing.sessions import sign_in_staff, totp_device_for

pytestmark = pytest.mark.django_db

MODELS = [
    Board, School, Location, SchoolYear, Group, Staff, Assignment, AuthenticatorApp,
]  # fmt: skip


@pytest.fixture
def two_boards(world: Any) -> Any:
    """Rows of every kind in both boards."""
    other_staff = Staff.objects.get(user=world.other_board_staff)
    other_school = School.objects.filter(board=other_staff.board).get()
    other_group = factories.make_group(school=other_school, name="Elders 3")
    other_pupil = factories.make_pupil(group=other_group, first_name="Vera", surname="Anders")
    factories.make_parent(pupil=other_pupil, email="vera.ouder@example.nl")
    Location.objects.create(
        board=other_staff.board, school=other_school, name="Elders-Noord",
        location_code=f"{other_school.brin}01",
    )  # fmt: skip
    Location.objects.create(
        board=world.board, school=world.school_a, name="Regenboog-Zuid",
        location_code=f"{world.school_a.brin}01",
    )  # fmt: skip
    for user in (world.teacher, world.other_board_staff):
        totp_device_for(user)
        api_token_create(user=user, actor_id=None, channel="command")
    return world


PUPIL_DATA_MODELS: list[type[Model]] = [Pupil, GroupMembership, Guardian, GuardianRelation]


def _officer(world: Any) -> Client:
    return sign_in_staff(Client(), make_admin_user(world.privacy_officer))


def _functional_admin(world: Any) -> Client:
    member = factories.make_staff(board=world.board, username="beheer")
    assign(member, Role.FUNCTIONAL_ADMIN)
    return sign_in_staff(Client(), make_admin_user(member.user))


def _admin_for(world: Any, model: type[Model]) -> Client:
    return _officer(world)


def _changelist(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_list_shows_only_the_own_board(two_boards, model):
    response = _admin_for(two_boards, model).get(_changelist(model))
    assert response.status_code == 200
    rows = list(response.context["cl"].queryset)
    assert rows, "the board has rows of this kind, so the list must not be empty"
    assert {object_board_id(row) for row in rows} == {two_boards.board.id}


def test_the_other_board_sees_nothing_of_this_board(two_boards):
    other = two_boards.other_board_staff
    assign(Staff.objects.get(user=other), Role.FUNCTIONAL_ADMIN)
    client = sign_in_staff(Client(), make_admin_user(other))
    for model in MODELS:
        rows = list(client.get(_changelist(model)).context["cl"].queryset)
        assert two_boards.board.id not in {object_board_id(row) for row in rows}
    page = client.get(_changelist(Pupil))
    assert page.status_code == 403
    assert "Jansen" not in page.text


def test_users_and_tokens_are_limited_to_the_board(two_boards):
    client = _officer(two_boards)
    users = client.get(reverse("admin:accounts_user_changelist"))
    assert "leerkracht" in users.text
    assert "elders" not in users.text
    tokens = list(client.get(reverse("admin:accounts_apitoken_changelist")).context["cl"].queryset)
    assert [t.user for t in tokens] == [two_boards.teacher]


def test_an_object_of_another_board_cannot_be_opened(two_boards):
    other_school = School.objects.exclude(board=two_boards.board).get()
    url = reverse("admin:schools_school_change", args=[other_school.pk])
    response = _officer(two_boards).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_drop_downs_offer_only_the_own_board(two_boards):
    form = _officer(two_boards).get(reverse("admin:schools_location_add")).context["adminform"].form
    assert set(form.fields["school"].queryset) == {two_boards.school_a, two_boards.school_b}
    assert {s.board_id for s in form.fields["director"].queryset} == {two_boards.board.id}


def test_a_row_added_by_an_officer_lands_in_their_board(two_boards):
    client = _officer(two_boards)
    response = client.post(
        reverse("admin:schools_location_add"),
        {"school": two_boards.school_b.pk, "name": "Lyceum-West",
         "location_code": f"{two_boards.school_b.brin}02", "address": "", "director": ""},
    )  # fmt: skip
    assert response.status_code == 302
    location = Location.objects.get(name="Lyceum-West")
    assert location.board_id == two_boards.board.id
    (event,) = events("schools.location.created")
    assert event.chain == two_boards.board.id
    assert event.context == {"via": "admin"}


def test_admin_changes_are_audited_with_field_names_only(two_boards):
    client = _officer(two_boards)
    url = reverse("admin:schools_board_change", args=[two_boards.board.pk])
    client.post(url, {"name": "Stichting Nieuw", "board_number": two_boards.board.board_number,
                      "privacy_contact_email": "fg@stichting.example"})  # fmt: skip
    (event,) = events("schools.board.updated")
    assert event.fields == ["name", "privacy_contact_email"]
    assert "Nieuw" not in str(event.context)


@pytest.mark.parametrize("model", PUPIL_DATA_MODELS, ids=lambda m: m.__name__)
def test_the_privacy_officer_has_no_routine_access_to_pupil_data(two_boards, model):
    assert _officer(two_boards).get(_changelist(model)).status_code == 403


@pytest.mark.parametrize("model", PUPIL_DATA_MODELS, ids=lambda m: m.__name__)
def test_the_functional_administrator_reads_no_pupil_data_either(two_boards, model):
    # Decision 0023: the admin keeps no read log, so it shows no pupil data to board roles.
    client = _functional_admin(two_boards)
    assert client.get(_changelist(model)).status_code == 403
    assert client.get(_changelist(School)).status_code == 200


@pytest.mark.parametrize("persona", ["director", "teacher", "care_coordinator", "administration"])
def test_school_roles_do_not_open_the_admin_even_as_django_staff(two_boards, persona):
    client = sign_in_staff(Client(), make_admin_user(getattr(two_boards, persona)))
    assert client.get(_changelist(Pupil)).status_code == 403
    assert client.get(_changelist(School)).status_code == 403


def test_a_privacy_officer_whose_role_ended_loses_the_admin(two_boards):
    Assignment.objects.filter(staff__user=two_boards.privacy_officer).update(
        starts_on="2020-01-01", ends_on="2020-12-31"
    )
    assert _officer(two_boards).get(_changelist(School)).status_code == 403


def test_a_superuser_sees_every_board(two_boards):
    root = make_admin_user(two_boards.director)
    root.is_superuser = True
    root.save()
    rows = sign_in_staff(Client(), root).get(_changelist(School)).context["cl"].queryset
    assert len({school.board_id for school in rows}) == 2


def test_an_anonymous_visitor_is_sent_to_the_staff_sign_in(world):
    response = Client().get("/beheer/")
    assert response["Location"] == "/inloggen/?next=%2Fbeheer%2F"


def test_the_admins_own_password_form_is_never_used(world):
    response = Client().get("/beheer/login/?next=/beheer/schools/")
    assert response["Location"] == "/inloggen/?next=%2Fbeheer%2Fschools%2F"
    response = Client().post("/beheer/login/", {"username": "fg", "password": "x"})
    assert response["Location"].startswith("/inloggen/")


def test_a_password_without_second_factor_does_not_open_the_admin(world):
    make_admin_user(world.privacy_officer)
    client = signed_in_with_password(world.privacy_officer)
    assert client.get("/beheer/")["Location"] == "/inloggen/tweede-stap/"


def test_a_parent_finds_no_admin(world, parent_client):
    world.parent.is_staff = True
    world.parent.save()
    assert parent_client(world.parent).get("/beheer/").status_code == 404


def test_a_verified_officer_reaches_the_admin(world):
    assert _officer(world).get("/beheer/").status_code == 200


def test_the_otp_secrets_are_not_shown(two_boards):
    assert not admin.site.is_registered(StaticDevice)
    device = TOTPDevice.objects.get(user=two_boards.teacher)
    client = _officer(two_boards)
    confirm_sudo(client, two_boards.privacy_officer)
    page = client.get(reverse("admin:accounts_authenticatorapp_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.text
