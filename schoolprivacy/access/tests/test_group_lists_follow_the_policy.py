"""Class lists (group pages, consent class lists) come from the policy: `pupils_in_group` only
lists pupils the user may see (issue 11 §3)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db


def test_the_teacher_gets_their_own_group(world):
    assert list(pupils_in_group(world.teacher, world.group_a)) == [world.pupil_a]


@pytest.mark.parametrize("persona", ["teacher_b", "privacy_officer", "other_board_staff", "parent"])
def test_others_get_nobody_even_when_handed_the_group(world, persona):
    assert not pupils_in_group(getattr(world, persona), world.group_a).exists()


def test_a_pupil_who_left_is_not_on_the_list(world):
    Pupil.objects.filter(pk=world.pupil_a.pk).update(
        left_on=timezone.localdate() - timedelta(days=1)
    )
    # The administration still sees the pupil (records kept), but not on today's class list.
    assert not pupils_in_group(world.administration, world.group_a).exists()


@pytest.mark.parametrize("name", ["web:group", "consents:group_overview"])
def test_the_pages_are_a_404_for_a_teacher_of_another_group(world, staff_client, name):
    client = staff_client(world.teacher)
    assert client.get(reverse(name, args=[world.group_a.id])).status_code == 200
    assert client.get(reverse(name, args=[world.group_a2.id])).status_code == 404
