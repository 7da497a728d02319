"""Revoking a grant ends it at once; the row and the audit trail stay."""

import pytest
from django.core.exceptions import ValidationError

from schoolprivacy.access.models import Grant
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.access.services import grant_revoke
from schoolprivacy.access.tests.helpers import DIAGNOSIS, make_grant
from schoolprivacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(world):
    return make_grant(
        approver=world.director,
        grantee=world.teacher_b,
        school=world.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_a],
    )


def test_it_stops_counting_when_revoked(world, grant):
    assert decide(world.teacher_b, world.pupil_a, DIAGNOSIS).allowed
    grant_revoke(actor=world.privacy_officer, grant=grant)
    assert not decide(world.teacher_b, world.pupil_a, DIAGNOSIS).allowed
    assert world.pupil_a not in visible_pupils(world.teacher_b)
    assert Grant.objects.filter(pk=grant.pk, revoked_at__isnull=False).exists()


def test_revoking_is_audited(world, grant):
    grant_revoke(actor=world.director, grant=grant)
    event = AuditEvent.objects.get(action="access.grant.revoked")
    assert event.actor_id == world.director.id
    assert {"type": "access.grant", "id": grant.id} in event.subjects


def test_only_an_approver_may_revoke(world, grant):
    for user in (world.teacher, world.teacher_b, world.care_coordinator, world.other_board_staff):
        with pytest.raises(ValidationError):
            grant_revoke(actor=user, grant=grant)


def test_a_grant_is_revoked_only_once(world, grant):
    grant_revoke(actor=world.director, grant=grant)
    with pytest.raises(ValidationError):
        grant_revoke(actor=world.director, grant=grant)
