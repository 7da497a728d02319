"""A pupil aged 16+ decides in their own pages; parents no longer can."""

from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.selectors import consent_status
from schoolprivacy.consents.tests.conftest import Consent
from schoolprivacy.testing import factories
from schoolprivacy.testing.sessions import sign_in_parent


def _sixteen_with_account(consent: Consent, *, age: int = 16):
    today = timezone.localdate()
    pupil = factories.make_pupil(
        group=consent.world.group_a,
        first_name="Noa",
        surname="de Wit",
        date_of_birth=date(today.year - age - 1, 12, 31),
    )
    pupil.user = User.objects.create_user(
        username=f"pupil-{pupil.pk}", email="noa@example.nl", kind=User.Kind.PUPIL
    )
    pupil.save(update_fields=["user"])
    return pupil


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pupil_decides_with_one_confirmation(consent: Consent):
    pupil = _sixteen_with_account(consent)
    assert pupil.user is not None
    client = _client(pupil.user)
    assert "Website" in client.get(reverse("consents:pupil_home")).content.decode()
    url = reverse("consents:pupil_detail", args=[consent.website.id])
    assert 'name="confirmed"' in client.post(url, {"decision": "granted"}).content.decode()
    assert client.post(url, {"decision": "granted", "confirmed": "on"}).status_code == 302
    row = ConsentDecision.objects.get()
    assert row.by_pupil and row.guardian is None
    assert consent_status(pupil, consent.website).allows_processing
    # The history says the pupil decided online, not "in the parent portal".
    history = client.get(url).content.decode()
    assert "Online, door de leerling" in history and "Ouderportaal" not in history


def test_a_parent_is_refused_with_the_legal_reason_once_the_pupil_is_16(consent: Consent):
    pupil = _sixteen_with_account(consent)
    parent = factories.make_parent(pupil=pupil, email="ouder.noa@example.nl")
    assert parent.user is not None
    client = sign_in_parent(Client(), parent.user)
    url = reverse("consents:portal_detail", args=[pupil.id, consent.website.id])
    response = client.post(url, {"decision": "granted", "confirmed": "on"})
    assert response.status_code == 409
    assert "16" in response.content.decode()
    assert not ConsentDecision.objects.exists()


def test_pupil_pages_are_404_for_parents_staff_and_younger_pupils(consent: Consent, staff_client):
    world = consent.world
    url = reverse("consents:pupil_home")
    assert sign_in_parent(Client(), world.parent).get(url).status_code == 404
    assert staff_client(world.teacher).get(url).status_code == 404
    young = _sixteen_with_account(consent, age=14)
    assert young.user is not None
    assert _client(young.user).get(url).status_code == 404
