"""design.md contract 3 and domain.md (consent is provable): the ledger is never changed."""

import pytest
from django.db import IntegrityError, transaction

from schoolprivacy.consents.models import ConsentDecision
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def test_a_decision_cannot_be_changed_or_deleted(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    row = ConsentDecision.objects.get()
    row.decision = "refused"
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()
    assert ConsentDecision.objects.get().decision == "granted"


def test_the_database_refuses_two_deciders(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    row = ConsentDecision.objects.get()
    row.pk = None
    row._state.adding = True
    row.by_pupil = True  # and a guardian as well
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_database_refuses_a_paper_form_without_reference(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    row = ConsentDecision.objects.get()
    row.pk = None
    row._state.adding = True
    row.method = "paper"
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
