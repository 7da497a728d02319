"""Grants and emergency access show on the pupil page with their own reason, and are logged."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Grant
from schoolprivacy.access.services import break_glass_open, grant_create
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.tests.helpers import DIAGNOSIS_TEXT, diagnosis_and_measure

ENGLISH = {"Accept-Language": "en"}


def _page(client, pupil) -> str:
    response = client.get(reverse("web:pupil", args=[pupil.id]), headers=ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def test_a_granted_diagnosis_shows_with_the_grant_as_its_reason(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    today = timezone.localdate()
    grant = grant_create(
        approver=world.privacy_officer,
        grantee=world.director.staff,
        school=world.school_a,
        category_key="pupil.care.diagnosis",
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_a],
        starts_on=today,
        ends_on=today + timedelta(days=30),
        reason="Bezwaarprocedure over de toelating",
    )

    html = _page(staff_client(world.director), world.pupil_a)

    assert DIAGNOSIS_TEXT in html
    assert "An approved exception grant allows this." in html
    read = AuditEvent.objects.get(action="dossier.special.read", actor_id=world.director.id)
    assert read.context["grant_ids"] == [grant.id]


def test_the_director_without_a_grant_does_not_see_the_diagnosis(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    assert DIAGNOSIS_TEXT not in _page(staff_client(world.director), world.pupil_a)


def test_emergency_access_opens_the_page_with_a_warning(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a2)
    client = staff_client(world.director)
    break_glass_open(
        user=world.director, pupil=world.pupil_a2, reason="Allergische reactie op schoolreis"
    )
    html = _page(client, world.pupil_a2)

    assert "You see more than usual because you opened emergency access." in html
    read = AuditEvent.objects.filter(action="dossier.special.read", actor_id=world.director.id)
    assert read.get().context["break_glass_ids"]
