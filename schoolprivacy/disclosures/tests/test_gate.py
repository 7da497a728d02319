"""The disclosure gate for each basis: a legal obligation with a named article, a valid consent,
neither (refused with the reason). Every refusal leaves the pupil's list empty."""

import pytest

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.rules import DisclosureRefused
from schoolprivacy.disclosures.tests.conftest import LEERPLICHT, Sharing, decide, record


def _refused(sharing: Sharing, actor: object, pupil: object, code: str, **kwargs: object) -> None:
    with pytest.raises(DisclosureRefused) as refusal:
        record(actor, pupil, **kwargs)  # type: ignore[arg-type]
    assert refusal.value.code == code
    assert not Disclosure.objects.exists()


def test_a_legal_obligation_with_its_article_is_recorded_with_the_citation(sharing: Sharing):
    w = sharing.world
    d = record(w.administration, w.pupil_a, **LEERPLICHT)
    assert d.basis == "legal_obligation"
    assert d.article == "leerplichtwet_21a"
    assert "Leerplichtwet 1969 art. 21a" in d.citation
    assert d.purpose is None


def test_the_article_may_be_given_by_its_citation(sharing: Sharing):
    w = sharing.world
    citation = (
        "Wet register onderwijsdeelnemers; WPO art. 178a; WVO 2020 (in- en uitschrijving "
        "binnen 7 dagen)"
    )
    d = record(
        w.administration,
        w.pupil_a,
        recipient="duo",
        basis="legal_obligation",
        article=citation,
        categories=["pupil.identity", "pupil.education_number", "pupil.enrolment"],
    )
    assert d.article == "register_onderwijsdeelnemers"


def test_a_legal_obligation_without_an_article_of_that_recipient_is_refused(sharing: Sharing):
    w = sharing.world
    # The DUO article does not oblige the school to give anything to the attendance officer.
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "article",
        **{**LEERPLICHT, "article": "register_onderwijsdeelnemers"},
    )
    _refused(sharing, w.administration, w.pupil_a, "article", **{**LEERPLICHT, "article": ""})


def test_the_article_covers_only_the_data_it_lists(sharing: Sharing):
    w = sharing.world
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "categories_outside_article",
        **{**LEERPLICHT, "categories": ["pupil.identity", "pupil.results.tests"]},
    )


def test_below_the_absence_threshold_leerplicht_gets_nothing(sharing: Sharing):
    w = sharing.world
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "absence_threshold",
        **{**LEERPLICHT, "absence_hours": 15},
    )
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "absence_threshold",
        **{**LEERPLICHT, "absence_hours": None},
    )
    assert (
        record(w.administration, w.pupil_a, **{**LEERPLICHT, "absence_hours": 16}).absence_hours
        == 16
    )


def test_a_legal_order_needs_its_reference(sharing: Sharing):
    w = sharing.world
    order = {
        "recipient": "police",
        "basis": "legal_obligation",
        "article": "sv_126nd",
        "categories": ["pupil.identity", "pupil.contact"],
    }
    _refused(sharing, w.director, w.pupil_a, "reference", **order)
    assert (
        record(w.director, w.pupil_a, **order, reference="OvJ-2026-0042").reference
        == "OvJ-2026-0042"
    )


def test_consent_for_the_recipient_allows_it_and_keeps_the_proof(sharing: Sharing):
    w = sharing.world
    purpose = sharing.purpose("sharing_youth_care")
    decide(w.pupil_a, purpose, "granted", guardian=w.parent.guardian)
    d = record(
        w.care_coordinator,
        w.pupil_a,
        recipient="youth_care",
        basis="consent",
        categories=["pupil.identity", "pupil.care.notes"],
    )
    assert d.purpose == purpose
    assert len(d.consent_decision_ids) == 1


YOUTH_CARE = {
    "recipient": "youth_care",
    "basis": "consent",
    "categories": ["pupil.identity", "pupil.care.notes"],
}


def test_neither_a_law_nor_consent_is_refused(sharing: Sharing):
    w = sharing.world
    _refused(sharing, w.care_coordinator, w.pupil_a, "consent_unanswered", **YOUTH_CARE)
    # No law obliges the school to inform youth care: a legal basis is refused outright.
    _refused(
        sharing,
        w.care_coordinator,
        w.pupil_a,
        "basis",
        **{**YOUTH_CARE, "basis": "legal_obligation", "article": "meldcode"},
    )


def test_consent_for_another_recipient_does_not_count(sharing: Sharing):
    w = sharing.world
    decide(w.pupil_a, sharing.purpose("sharing_ggd"), "granted", guardian=w.parent.guardian)
    _refused(sharing, w.care_coordinator, w.pupil_a, "consent_unanswered", **YOUTH_CARE)


def test_a_withdrawn_consent_is_refused(sharing: Sharing):
    w = sharing.world
    purpose = sharing.purpose("sharing_youth_care")
    decide(w.pupil_a, purpose, "granted", guardian=w.parent.guardian)
    decide(w.pupil_a, purpose, "withdrawn", guardian=w.parent.guardian)
    _refused(sharing, w.care_coordinator, w.pupil_a, "consent_withdrawn", **YOUTH_CARE)


def test_a_consent_only_recipient_cannot_be_given_data_on_a_law(sharing: Sharing):
    w = sharing.world
    _refused(
        sharing,
        w.director,
        w.pupil_a,
        "basis",
        recipient="researcher",
        basis="legal_obligation",
        article="wpo_42",
        categories=["pupil.identity"],
    )


def test_a_legal_only_recipient_cannot_be_given_data_on_consent(sharing: Sharing):
    w = sharing.world
    _refused(sharing, w.administration, w.pupil_a, "basis", **{**LEERPLICHT, "basis": "consent"})


def test_an_unknown_recipient_or_category_is_refused(sharing: Sharing):
    w = sharing.world
    with pytest.raises(DisclosureRefused) as refusal:
        record(w.director, w.pupil_a, **{**LEERPLICHT, "recipient": "newspaper"})
    assert refusal.value.code == "recipient"
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "categories",
        **{**LEERPLICHT, "categories": ["pupil.shoe_size"]},
    )
    _refused(
        sharing,
        w.administration,
        w.pupil_a,
        "categories",
        **{**LEERPLICHT, "categories": ["staff.identity"]},
    )
    _refused(sharing, w.administration, w.pupil_a, "categories", **{**LEERPLICHT, "categories": []})
