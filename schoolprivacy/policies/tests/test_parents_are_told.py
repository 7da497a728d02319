"""Publishing a new version emails the parents of the board, once each, with a link to the
text on their child's school's page."""

import pytest
from django.urls import reverse

from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.policies.services import policy_version_publish
from schoolprivacy.policies.tests.conftest import decide

pytestmark = pytest.mark.django_db


def test_publication_emails_each_parent_once(
    world, draft, mailoutbox, django_capture_on_commit_callbacks
):
    decide(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        policy_version_publish(actor=world.privacy_officer, version=draft)
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    # Parents with and without authority of pupil_a, the parent of pupil_b; no restricted ones.
    assert recipients == ["ex@example.nl", "ouder.b@example.nl", "ouder@example.nl"]
    mail = next(m for m in mailoutbox if m.to == ["ouder@example.nl"])
    assert "Privacyreglement" in mail.subject
    assert reverse("policies:public", args=[world.school_a.slug, draft.document_id]) in mail.body


def test_a_parent_with_an_information_restriction_is_not_emailed(
    world, draft, mailoutbox, django_capture_on_commit_callbacks
):
    GuardianRelation.objects.filter(guardian__email="ex@example.nl").update(
        information_restriction="court_order", restriction_reason="Uitspraak rechtbank"
    )
    decide(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        policy_version_publish(actor=world.privacy_officer, version=draft)
    assert "ex@example.nl" not in [a for m in mailoutbox for a in m.to]


def test_nobody_is_emailed_about_a_version_that_is_not_published(world, draft, mailoutbox):
    from schoolprivacy.policies.notifications import notify_parents_of_policy

    assert notify_parents_of_policy.call(version_id=draft.pk) == 0
    assert mailoutbox == []
