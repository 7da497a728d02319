"""The education number goes only where the law uses it (DUO, leerplicht, the next school): never
to a samenwerkingsverband, whatever the basis, and never on consent to anyone else (domain.md,
Special categories; UAVG art. 46)."""

import pytest

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, decide, record

PARTNERSHIP = {
    "recipient": "samenwerkingsverband",
    "basis": "legal_obligation",
    "article": "wpo_18a",
    "categories": ["pupil.identity", "pupil.care.measures"],
}


def test_the_samenwerkingsverband_gets_its_data_without_the_number(sharing: Sharing):
    w = sharing.world
    d = record(w.care_coordinator, w.pupil_a, **PARTNERSHIP)
    assert "pupil.education_number" not in d.categories


def test_the_number_never_goes_to_a_samenwerkingsverband(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(
            w.care_coordinator,
            w.pupil_a,
            **{**PARTNERSHIP, "categories": ["pupil.identity", "pupil.education_number"]},
        )
    assert refusal.value.code == "education_number"
    assert "samenwerkingsverband" in str(refusal.value.messages[0])
    assert not Disclosure.objects.exists()


def test_consent_does_not_open_the_number_to_others(sharing: Sharing):
    w = sharing.world
    decide(w.pupil_a, sharing.purpose("sharing_specialist"), "granted", guardian=w.parent.guardian)
    with pytest.raises(DisclosureRefused) as refusal:
        record(
            w.care_coordinator,
            w.pupil_a,
            recipient="specialist",
            basis="consent",
            categories=["pupil.identity", "pupil.education_number"],
        )
    assert refusal.value.code == "education_number"


def test_the_attendance_officer_may_receive_it(sharing: Sharing):
    w = sharing.world
    d = record(
        w.administration,
        w.pupil_a,
        **{
            **LEERPLICHT,
            "categories": ["pupil.identity", "pupil.education_number", "pupil.absence"],
        },
    )
    assert "pupil.education_number" in d.categories
