"""The invariants of people data hold in the database itself, whatever code writes the rows."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from schoolprivacy.people.models import GroupMembership, GuardianRelation, Pupil
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def assert_rejected(model_update) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model_update()


def test_a_pupil_cannot_leave_before_enrolling(world):
    pupil = world.pupil_a
    assert_rejected(lambda: Pupil.objects.filter(id=pupil.id).update(left_on=date(2000, 1, 1)))


def test_a_pupil_cannot_enrol_before_birth(world):
    pupil = world.pupil_a
    assert_rejected(
        lambda: Pupil.objects.filter(id=pupil.id).update(enrolled_on=pupil.date_of_birth)
    )


def test_a_membership_cannot_end_before_it_starts(world):
    membership = GroupMembership.objects.get(pupil=world.pupil_a)
    assert_rejected(
        lambda: GroupMembership.objects.filter(id=membership.id).update(ends_on=date(2000, 1, 1))
    )


def test_a_voogd_always_has_parental_authority(world):
    relation = GuardianRelation.objects.filter(pupil=world.pupil_a).first()
    assert_rejected(
        lambda: GuardianRelation.objects.filter(id=relation.id).update(
            kind="voogd", has_parental_authority=False
        )
    )


def test_an_information_restriction_needs_a_reason(world):
    relation = GuardianRelation.objects.filter(pupil=world.pupil_a).first()
    assert_rejected(
        lambda: GuardianRelation.objects.filter(id=relation.id).update(
            information_restriction="court_order", restriction_reason=""
        )
    )
    GuardianRelation.objects.filter(id=relation.id).update(
        information_restriction="court_order", restriction_reason="Uitspraak rechtbank"
    )


def test_a_guardian_is_linked_to_a_pupil_once(world):
    relation = GuardianRelation.objects.filter(pupil=world.pupil_a).first()
    assert_rejected(
        lambda: GuardianRelation.objects.create(
            board=world.board,
            guardian=relation.guardian,
            pupil=world.pupil_a,
            kind="parent",
            has_parental_authority=True,
        )
    )


def test_the_same_las_key_cannot_appear_twice_in_one_school(world):
    Pupil.objects.filter(id=world.pupil_a.id).update(external_id="LAS-1")
    assert_rejected(lambda: Pupil.objects.filter(id=world.pupil_a2.id).update(external_id="LAS-1"))
    # Empty keys (pupils entered by hand) may repeat.
    Pupil.objects.filter(id=world.pupil_a2.id).update(external_id="")


def test_a_pupils_age_counts_birthdays(world):
    pupil = factories.make_pupil(group=world.group_b, date_of_birth=date(2010, 6, 15))
    assert pupil.age_on(date(2026, 6, 14)) == 15
    assert pupil.age_on(date(2026, 6, 15)) == 16
