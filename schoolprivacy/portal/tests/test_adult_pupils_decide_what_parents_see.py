"""Pupils of 18 and older decide themselves what their parents may see (domain.md, Parents):
by default their parents no longer see them online; when the pupil allows it, they do."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from schoolprivacy.access.parents import ADULT_AGE, children_for, parents_see_adult_set
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing.sessions import sign_in_parent

pytestmark = pytest.mark.django_db

BIRTHDAY = date(2008, 5, 1)


@pytest.fixture
def adult(world):
    Pupil.objects.filter(pk=world.pupil_a.pk).update(date_of_birth=BIRTHDAY)
    return Pupil.objects.get(pk=world.pupil_a.pk)


def _child_page(client, pupil) -> int:
    return client.get(reverse("portal:child", args=[pupil.id])).status_code


def test_the_age_is_18():
    assert ADULT_AGE == 18


@time_machine.travel("2026-04-30 12:00 +0200", tick=False)
def test_parents_see_the_child_until_the_18th_birthday(world, adult, parent_client):
    assert adult in children_for(world.parent)
    assert _child_page(parent_client(world.parent), adult) == 200


@time_machine.travel("2026-05-01 12:00 +0200", tick=False)
def test_from_18_parents_get_a_404_unless_the_pupil_allows_it(world, adult, parent_client):
    client = parent_client(world.parent)
    assert adult not in children_for(world.parent)
    assert _child_page(client, adult) == 404
    assert client.get(reverse("portal:home")).status_code == 200

    Pupil.objects.filter(pk=adult.pk).update(parents_may_see_as_adult=True)
    assert adult in children_for(world.parent)
    assert _child_page(client, adult) == 200


@time_machine.travel("2026-05-01 12:00 +0200", tick=False)
def test_the_choice_does_not_open_the_portal_to_parents_without_authority(world, adult):
    Pupil.objects.filter(pk=adult.pk).update(parents_may_see_as_adult=True)
    assert adult not in children_for(world.parent_without_authority)
    assert adult not in children_for(world.parent_b)


def _pupil_account(pupil: Pupil) -> User:
    user = User.objects.create_user(
        username=f"pupil-{pupil.pk}", email="iris@example.nl", kind=User.Kind.PUPIL
    )
    Pupil.objects.filter(pk=pupil.pk).update(user=user)
    return user


@time_machine.travel("2026-05-01 12:00 +0200", tick=False)
def test_the_adult_pupil_lets_their_parents_see_again_and_it_is_audited(world, adult):
    client = sign_in_parent(Client(), _pupil_account(adult))
    url = reverse("portal:parents_access")
    page = client.get(url)
    assert page.status_code == 200
    # The pupil's menu leads here (the link sits in every page's navigation).
    assert f'href="{url}"' in page.content.decode()
    assert client.post(url, {"allowed": "yes"}).status_code == 302
    assert adult in children_for(world.parent)
    event = AuditEvent.objects.get(action="people.pupil.parents_access_changed")
    assert event.context == {"allowed": True}
    client.post(url, {"allowed": "no"})
    assert adult not in children_for(world.parent)


@time_machine.travel("2026-04-30 12:00 +0200", tick=False)
def test_a_pupil_under_18_does_not_get_the_page(world, adult):
    client = sign_in_parent(Client(), _pupil_account(adult))
    assert client.get(reverse("portal:parents_access")).status_code == 404


@time_machine.travel("2026-05-01 12:00 +0200", tick=False)
def test_nobody_else_decides_it(world, adult, parent_client, staff_client):
    url = reverse("portal:parents_access")
    assert parent_client(world.parent).post(url, {"allowed": "yes"}).status_code == 404
    assert staff_client(world.care_coordinator).post(url, {"allowed": "yes"}).status_code == 404
    with pytest.raises(PermissionDenied):
        parents_see_adult_set(actor=world.parent, pupil=adult, allowed=True)
    assert not Pupil.objects.get(pk=adult.pk).parents_may_see_as_adult
