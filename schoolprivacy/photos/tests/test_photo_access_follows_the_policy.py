"""Who sees which photos follows access.image_access (the policy's tables, grants and employment
dates), not a parallel rule in the photos app (issue 11 §3)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Assignment, Grant, Role
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Staff
from schoolprivacy.photos.selectors import photos_for
from schoolprivacy.photos.services import event_create, photo_upload
from schoolprivacy.photos.tests import samples
from schoolprivacy.testing.factories import assign

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # the scope is cached per user object


@pytest.fixture
def own_upload(world):
    """A photo the teacher uploaded at school A without a group."""
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Schoolreis", held_on=timezone.localdate()
    )
    return photo_upload(actor=world.teacher, event=event, data=samples.astronaut_jpeg(), group=None)


def _page(client: Client, photo) -> int:
    return client.get(reverse("photos:photo", args=[photo.pk])).status_code


def test_a_teacher_sees_their_own_upload_while_they_work_there(world, own_upload, staff_client):
    assert own_upload in photos_for(world.teacher)
    assert _page(staff_client(world.teacher), own_upload) == 200


def test_a_teacher_who_moved_to_another_school_no_longer_sees_it(world, own_upload, staff_client):
    yesterday = timezone.localdate() - timedelta(days=1)
    Assignment.objects.filter(staff__user=world.teacher).update(
        starts_on=yesterday - timedelta(days=30), ends_on=yesterday
    )
    assign(Staff.objects.get(user=world.teacher), Role.TEACHER, group=world.group_b)
    teacher = _fresh(world.teacher)
    assert own_upload not in photos_for(teacher)
    assert _page(staff_client(teacher), own_upload) == 404


def test_a_teacher_whose_employment_ended_sees_no_photo(world, own_upload, staff_client):
    Staff.objects.filter(user=world.teacher).update(
        left_on=timezone.localdate() - timedelta(days=30)
    )
    teacher = _fresh(world.teacher)
    assert not photos_for(teacher).exists()
    assert _page(staff_client(teacher), own_upload) == 404


def test_a_grant_for_photos_of_a_group_shows_that_groups_photos(world, staff_client):
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=timezone.localdate()
    )
    photo = photo_upload(
        actor=world.teacher, event=event, data=samples.astronaut_jpeg(), group=world.group_a
    )
    assert photo not in photos_for(world.teacher_b)
    make_grant(
        approver=world.privacy_officer,
        grantee=world.teacher_b,
        school=world.school_a,
        category_key="pupil.image",
        scope=Grant.Scope.GROUP,
        group=world.group_a,
    )
    assert photo in photos_for(_fresh(world.teacher_b))
