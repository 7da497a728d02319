"""Pupils of 18 and older decide themselves what their parents may see (domain.md, Parents):
by default their parents no longer see them online; when the pupil allows it, they do."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from schoolprivacy.access.parents import ADULT_AGE, children_for
from schoolprivacy.people.models import Pupil

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
