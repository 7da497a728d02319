"""Emails to guardians and pupils 16+ when consent is asked for or a text changes."""

from datetime import date
from email import message_from_bytes

from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tests.conftest import smtp_sink  # noqa: F401 (fixture)
from schoolprivacy.consents.notifications import recipients_for, send_consent_request
from schoolprivacy.consents.tests.conftest import Consent
from schoolprivacy.testing import factories


def test_it_mails_each_guardian_with_authority_once_through_smtp(consent: Consent, smtp_sink):  # noqa: F811
    sent = send_consent_request.call(purpose_id=consent.website.id, reason="text_changed")
    to = sorted(message_from_bytes(m)["To"] for m in smtp_sink.messages)
    # pupil_a: mother and father (with authority), not the parent without authority;
    # pupil_a2 has no parents on file; pupil_b's parent.
    assert to == ["ouder.b@example.nl", "ouder@example.nl", "vader@example.nl"]
    assert sent == 3
    payload = message_from_bytes(smtp_sink.messages[0]).get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert f"/toestemming/{consent.website.id}/" in body


def test_restricted_parents_are_not_mailed(consent: Consent):
    relation = consent.father.relations.get()
    relation.information_restriction = "court_order"
    relation.restriction_reason = "Beschikking rechtbank"
    relation.save(update_fields=["information_restriction", "restriction_reason"])
    emails = [r.email for r in recipients_for(consent.website)]
    assert "vader@example.nl" not in emails and "ouder@example.nl" in emails


def test_a_pupil_of_16_is_mailed_instead_of_the_parents(consent: Consent, mailoutbox):
    today = timezone.localdate()
    pupil = factories.make_pupil(
        group=consent.world.group_b, first_name="Noa", date_of_birth=date(today.year - 17, 1, 1)
    )
    factories.make_parent(pupil=pupil, email="ouder.noa@example.nl")
    pupil.user = User.objects.create_user(
        username="noa", email="noa@example.nl", kind=User.Kind.PUPIL
    )
    pupil.save(update_fields=["user"])
    send_consent_request.call(purpose_id=consent.website.id, reason="requested")
    to = [m.to[0] for m in mailoutbox]
    assert "noa@example.nl" in to and "ouder.noa@example.nl" not in to
    noa = next(m for m in mailoutbox if m.to == ["noa@example.nl"])
    assert "/leerling/toestemming/" in noa.body
