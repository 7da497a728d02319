"""Every disclosure, and every refusal, is in the audit log with codes only: no note, no
remarks, no names."""

import json

import pytest

from schoolprivacy.audit import subjects
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import TRANSFER_PRIMARY, Sharing, record


def test_the_disclosure_is_logged_without_personal_values(sharing: Sharing):
    w = sharing.world
    d = record(w.administration, w.pupil_a, **TRANSFER_PRIMARY, note="Sanne gaat naar Utrecht")
    event = AuditEvent.objects.get(action="disclosures.disclosure.recorded")
    assert {"type": subjects.DISCLOSURE, "id": d.pk} in event.subjects
    assert {"type": subjects.PUPIL, "id": w.pupil_a.pk} in event.subjects
    assert event.context["recipient"] == "next_school"
    assert event.context["article"] == "wpo_42"
    stored = json.dumps([event.context, event.fields, event.subjects])
    for value in ("Sanne", "Utrecht", "herkennen", "Jansen"):
        assert value not in stored


def test_a_refusal_is_logged_with_its_reason_code(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused):
        record(w.administration, w.pupil_a, **{**TRANSFER_PRIMARY, "shown_to_parents_on": None})
    event = AuditEvent.objects.get(action="disclosures.disclosure.refused")
    assert event.context == {
        "recipient": "next_school",
        "basis": "legal_obligation",
        "reason": "not_shown_to_parents",
    }
