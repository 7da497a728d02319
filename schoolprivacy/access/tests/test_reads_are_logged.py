"""Read logging: opening a dossier and every read of protected data, without any value."""

import json

import pytest

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_categories
from schoolprivacy.access.reads import DOSSIER_OPENED, SPECIAL_READ, log_dossier_opened
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import DIAGNOSIS, EDUCATION_NUMBER, make_grant
from schoolprivacy.audit.models import AuditEvent, AuditSubject

pytestmark = pytest.mark.django_db


def _serialised(event):
    return json.dumps([event.subjects, event.fields, event.context])


def test_opening_a_dossier_is_logged(world):
    decisions = visible_categories(world.teacher, world.pupil_a)
    events = log_dossier_opened(world.teacher, world.pupil_a, decisions)
    assert [e.action for e in events] == [DOSSIER_OPENED]
    event = events[0]
    assert event.actor_id == world.teacher.id
    assert {"type": "people.pupil", "id": world.pupil_a.id} in event.subjects
    assert event.context["categories"] == sorted(decisions)
    assert set(event.context["rules"]) == {"teacher.own_group"}


def test_reading_a_diagnosis_is_logged_as_a_special_read(world):
    decisions = visible_categories(world.care_coordinator, world.pupil_a)
    events = log_dossier_opened(world.care_coordinator, world.pupil_a, decisions, channel="api")
    assert [e.action for e in events] == [DOSSIER_OPENED, SPECIAL_READ]
    special = events[1]
    assert special.channel == "api"
    assert special.context["categories"] == [DIAGNOSIS, "pupil.religion"]
    assert special.context["rules"] == ["care.school", "care.school"]
    assert special.context["roles"] == ["care_coordinator"]


def test_reading_the_education_number_is_logged_as_a_special_read(world):
    decisions = visible_categories(world.administration, world.pupil_a)
    events = log_dossier_opened(world.administration, world.pupil_a, decisions)
    assert events[-1].action == SPECIAL_READ
    assert events[-1].context["categories"] == [EDUCATION_NUMBER]


def test_the_grant_and_emergency_access_are_named(world):
    grant = make_grant(
        approver=world.director,
        grantee=world.teacher,
        school=world.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_a],
    )
    access = break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Val van het klimrek")
    decisions = visible_categories(world.teacher, world.pupil_a)
    special = log_dossier_opened(world.teacher, world.pupil_a, decisions)[-1]
    assert special.context["grant_ids"] == [grant.id]
    assert special.context["break_glass_ids"] == [access.id]
    assert AuditSubject.objects.filter(
        event=special, subject_type="access.breakglassaccess", subject_id=access.id
    ).exists()


def test_refused_categories_are_not_logged_as_read(world):
    decisions = {DIAGNOSIS: visible_categories(world.care_coordinator, world.pupil_a)[DIAGNOSIS]}
    decisions[EDUCATION_NUMBER] = decide(world.teacher, world.pupil_a, EDUCATION_NUMBER)
    assert not decisions[EDUCATION_NUMBER].allowed
    special = log_dossier_opened(world.care_coordinator, world.pupil_a, decisions)[-1]
    assert special.context["categories"] == [DIAGNOSIS]


def test_the_log_holds_no_personal_values(world):
    decisions = visible_categories(world.care_coordinator, world.pupil_a)
    log_dossier_opened(world.care_coordinator, world.pupil_a, decisions)
    pupil = world.pupil_a
    values = (pupil.first_name, pupil.surname, pupil.date_of_birth.isoformat(), "De Regenboog")
    for event in AuditEvent.objects.filter(action__in=[DOSSIER_OPENED, SPECIAL_READ]):
        text = _serialised(event)
        for value in values:
            assert value not in text, (event.action, value)
