"""Emergency access: every category of one pupil, for a few hours, with a reason, reported."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.access.policy import (
    BREAK_GLASS_HOURS,
    PUPIL_KEYS,
    decide,
    visible_categories,
    visible_pupils,
)
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.testing.factories import assign, make_staff

pytestmark = pytest.mark.django_db

REASON = "Epileptische aanval op het schoolplein, medicatie nodig"


@pytest.fixture
def board_with_contact(world):
    world.board.privacy_contact_email = "fg@stichting-demo.nl"
    world.board.save()
    return world


def test_it_opens_every_category_of_that_pupil(world):
    access = break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)
    shown = visible_categories(world.teacher, world.pupil_a)
    assert set(shown) == set(PUPIL_KEYS)
    assert shown[DIAGNOSIS].rule == "break_glass"
    assert shown[DIAGNOSIS].break_glass_id == access.id
    assert shown[EDUCATION_NUMBER].allowed
    # Routine categories keep their routine rule.
    assert shown["pupil.identity"].rule == "teacher.own_group"


def test_it_opens_that_pupil_only(world):
    break_glass_open(user=world.director, pupil=world.pupil_a2, reason=REASON)
    assert decide(world.director, world.pupil_a2, DIAGNOSIS).rule == "break_glass"
    assert not decide(world.director, world.pupil_a, DIAGNOSIS).allowed
    assert not decide(world.teacher, world.pupil_a2, DIAGNOSIS).allowed
    assert world.pupil_a2 not in visible_pupils(world.teacher)


def test_it_expires_after_the_set_hours(world):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        break_glass_open(user=world.director, pupil=world.pupil_a2, reason=REASON)
        clock.shift(timedelta(hours=BREAK_GLASS_HOURS) - timedelta(minutes=1))
        assert decide(world.director, world.pupil_a2, DIAGNOSIS).allowed
        clock.shift(timedelta(minutes=1))
        assert not decide(world.director, world.pupil_a2, DIAGNOSIS).allowed


def test_it_emails_the_board_privacy_contact(board_with_contact, mailoutbox):
    world = board_with_contact
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["fg@stichting-demo.nl"]
    assert "/toegang/noodtoegang/" in message.body
    assert "De Regenboog" in message.body
    # The pupil's name and the reason stay behind sign-in.
    assert "Sanne" not in message.body
    assert "Epileptische" not in message.body


def test_it_needs_a_reason(world, mailoutbox):
    for reason in ("", "   ", "nood"):
        with pytest.raises(ValidationError):
            break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=reason)
    assert not decide(world.teacher, world.pupil_a, DIAGNOSIS).allowed
    assert mailoutbox == []


def test_staff_of_another_board_or_school_cannot_open_it(world):
    for user in (world.other_board_staff, world.teacher_b):
        with pytest.raises(ValidationError):
            break_glass_open(user=user, pupil=world.pupil_a, reason=REASON)


def test_board_roles_cannot_open_it(world):
    # Decision 0023: the privacy officer reviews emergency access and cannot review their own;
    # the functional administrator has no task with pupils.
    admin = make_staff(board=world.board, username="beheer")
    assign(admin, Role.FUNCTIONAL_ADMIN)
    for user in (world.privacy_officer, admin.user):
        with pytest.raises(ValidationError):
            break_glass_open(user=user, pupil=world.pupil_b, reason=REASON)
        assert not decide(user, world.pupil_b, DIAGNOSIS).allowed
        assert not visible_pupils(user).exists()


def test_a_teacher_cannot_open_it_for_a_pupil_they_may_not_know(world):
    # pupil_a2 is in another group of the teacher's own school.
    with pytest.raises(ValidationError):
        break_glass_open(user=world.teacher, pupil=world.pupil_a2, reason=REASON)
    break_glass_open(user=world.director, pupil=world.pupil_a2, reason=REASON)
    assert decide(world.director, world.pupil_a2, DIAGNOSIS).rule == "break_glass"


def test_parents_cannot_open_it(world):
    with pytest.raises(ValidationError):
        break_glass_open(user=world.parent, pupil=world.pupil_a, reason=REASON)


def test_it_is_audited_without_the_reason(world):
    access = break_glass_open(user=world.teacher, pupil=world.pupil_a, reason=REASON)
    event = AuditEvent.objects.get(action="access.break_glass.opened")
    assert {"type": "people.pupil", "id": world.pupil_a.id} in event.subjects
    assert {"type": "accounts.user", "id": world.teacher.id} in event.subjects
    assert {"type": "access.breakglassaccess", "id": access.id} in event.subjects
    assert "Epileptische" not in str(event.context)
    assert event.context["roles"] == ["teacher"]
