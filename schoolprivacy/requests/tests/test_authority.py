"""Who may ask: a parent with authority; a parent without it for information only (BW 1:377c);
a pupil of 16+ alone; a parent under an information restriction nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from schoolprivacy.access.rights import Standing, requester_right
from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.requests.errors import RequestNotFound
from schoolprivacy.requests.models import Status
from schoolprivacy.requests.services import request_submit


def test_a_parent_with_authority_may_ask_anything_and_is_verified_by_sign_in(world: World) -> None:
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="erasure")
    assert request.standing == Standing.AUTHORITY
    assert request.status == Status.VERIFIED
    assert request.guardian is not None and request.guardian.user_id == world.parent.pk


def test_a_parent_without_authority_gets_information_only(world: World) -> None:
    parent = world.parent_without_authority
    right = requester_right(parent, world.pupil_a)
    assert right is not None and right.standing == Standing.INFORMATION_ONLY
    for kind in ("rectification", "erasure", "restriction", "objection"):
        with pytest.raises(ValidationError):
            request_submit(actor=parent, pupil=world.pupil_a, kind=kind)
    request = request_submit(actor=parent, pupil=world.pupil_a, kind="access")
    # The school weighs the child's interest first: not verified by sign-in alone.
    assert request.status == Status.RECEIVED


def test_a_restricted_parent_gets_nothing(world: World) -> None:
    GuardianRelation.objects.filter(guardian__user=world.parent).update(
        information_restriction="court_order", restriction_reason="Uitspraak rechtbank"
    )
    assert requester_right(world.parent, world.pupil_a) is None
    with pytest.raises(RequestNotFound):
        request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")


def test_an_ended_link_gives_nothing(world: World) -> None:
    GuardianRelation.objects.filter(guardian__user=world.parent).update(ends_on=date(2020, 1, 1))
    assert requester_right(world.parent, world.pupil_a) is None


def test_a_parent_of_another_child_gets_nothing(world: World) -> None:
    with pytest.raises(RequestNotFound):
        request_submit(actor=world.parent_b, pupil=world.pupil_a, kind="access")


def test_a_pupil_of_16_acts_alone_and_parents_no_longer_for_them(world: World) -> None:
    pupil = world.pupil_b
    pupil.date_of_birth = date(2009, 1, 1)
    account = User.objects.create_user(username="noor", kind=User.Kind.PUPIL)
    pupil.user = account
    pupil.save()
    request = request_submit(actor=account, pupil=pupil, kind="rectification")
    assert request.standing == Standing.OWN
    assert request.status == Status.VERIFIED
    assert requester_right(world.parent_b, pupil) is None


def test_a_pupil_under_16_does_not_act_alone(world: World) -> None:
    account = User.objects.create_user(username="sanne", kind=User.Kind.PUPIL)
    world.pupil_a.user = account
    world.pupil_a.save()
    assert requester_right(account, world.pupil_a) is None


def test_staff_are_no_requesters(world: World) -> None:
    with pytest.raises(RequestNotFound):
        request_submit(actor=world.care_coordinator, pupil=world.pupil_a, kind="access")
