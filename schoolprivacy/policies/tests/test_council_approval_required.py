"""Only a version the (G)MR consented to is published (WMS); the database refuses it too."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.policies.models import PolicyVersion
from schoolprivacy.policies.selectors import published_for_board
from schoolprivacy.policies.services import policy_version_create, policy_version_publish
from schoolprivacy.policies.tests.conftest import decide

pytestmark = pytest.mark.django_db


def test_a_draft_cannot_be_published(world, draft):
    with pytest.raises(ValidationError):
        policy_version_publish(actor=world.privacy_officer, version=draft)
    assert published_for_board(world.board.pk) == []


@pytest.mark.parametrize("decision", ["refused", "advice"])
def test_a_version_without_consent_cannot_be_published(world, draft, decision):
    decide(world, draft, decision)
    with pytest.raises(ValidationError):
        policy_version_publish(actor=world.privacy_officer, version=draft)
    assert not PolicyVersion.objects.filter(published_at__isnull=False).exists()


def test_the_database_refuses_publication_without_consent(world, draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=draft.pk).update(published_at=timezone.now())


def test_a_consented_version_is_published_and_becomes_the_one_in_force(world, draft):
    decide(world, draft)
    policy_version_publish(actor=world.privacy_officer, version=draft)
    (published,) = published_for_board(world.board.pk)
    assert published.version.pk == draft.pk
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"policies.version.created", "policies.version.decided"} <= actions
    assert "policies.version.published" in actions

    second = policy_version_create(
        actor=world.privacy_officer, document=draft.document, text="Nieuwe tekst"
    )
    # The new draft does not replace the version in force until it is approved and published.
    assert published_for_board(world.board.pk)[0].version.pk == draft.pk
    decide(world, second)
    policy_version_publish(actor=world.privacy_officer, version=second)
    assert published_for_board(world.board.pk)[0].version.pk == second.pk
    # ... and the older version cannot be published over it again.
    with pytest.raises(ValidationError):
        policy_version_publish(actor=world.privacy_officer, version=draft)


def test_a_decision_is_recorded_once(world, draft):
    decide(world, draft, "refused")
    with pytest.raises(ValidationError):
        decide(world, draft, "consented")


@pytest.mark.parametrize("persona", ["director", "teacher", "other_board_staff"])
def test_only_the_privacy_officer_keeps_policies(world, draft, persona):
    decide(world, draft)
    with pytest.raises(ValidationError):
        policy_version_publish(actor=getattr(world, persona), version=draft)
    with pytest.raises(ValidationError):
        policy_version_create(
            actor=getattr(world, persona), kind="protocol", title="Protocol", text="x"
        )
