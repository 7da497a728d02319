"""domain.md: a changed purpose or text needs fresh consent; published texts never change."""

import pytest

from schoolprivacy.consents.models import PurposeText
from schoolprivacy.consents.rules import consent_status
from schoolprivacy.consents.services import purpose_text_publish
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def test_a_new_version_makes_earlier_decisions_stop_counting(consent: Consent) -> None:
    pupil = consent.world.pupil_a
    by_portal(consent.mother, pupil, consent.website, "granted")
    purpose_text_publish(actor=consent.world.director, purpose=consent.website, text_nl="Nieuw")
    status = consent_status(pupil, consent.website)
    assert (status.status, status.text_version, status.allows_processing) == (
        "unanswered",
        2,
        False,
    )
    by_portal(consent.mother, pupil, consent.website, "granted")
    assert consent_status(pupil, consent.website).status == "granted"


def test_a_published_text_cannot_be_changed(consent: Consent) -> None:
    text = PurposeText.objects.get(purpose=consent.website, version=1)
    text.text_nl = "Anders"
    with pytest.raises(ValueError, match="published"):
        text.save()


def test_a_new_version_asks_the_holders_again_by_email(
    consent: Consent, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        purpose_text_publish(actor=consent.world.director, purpose=consent.website, text_nl="Nieuw")
    recipients = {address for message in mailoutbox for address in message.to}
    # The parent with authority of pupil_a is asked; the parent without authority is not.
    assert consent.world.parent.email in recipients
    assert consent.world.parent_without_authority.email not in recipients
