"""Shared set-up of the consent tests: the board's default purposes and a second parent."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.testing import factories


@dataclass
class Consent:
    world: World
    website: Purpose
    newsletter: Purpose
    mother: Guardian
    father: Guardian
    without_authority: Guardian


@pytest.fixture
def consent(world: World) -> Consent:
    purposes_install_defaults(board=world.board, actor_id=None)
    father = factories.make_parent(pupil=world.pupil_a, email="vader@example.nl")
    return Consent(
        world=world,
        website=Purpose.objects.get(board=world.board, key="website"),
        newsletter=Purpose.objects.get(board=world.board, key="newsletter"),
        mother=world.parent.guardian,
        father=father,
        without_authority=world.parent_without_authority.guardian,
    )


def by_portal(
    guardian: Guardian,
    pupil: Pupil,
    purpose: Purpose,
    decision: str,
    *,
    at: datetime | None = None,
) -> None:
    """A parent decides in the portal."""
    assert guardian.user is not None
    consent_decide(
        actor=guardian.user,
        pupil=pupil,
        purpose=purpose,
        decision=decision,
        by_guardian=guardian,
        method=Method.PORTAL,
        decided_at=at,
    )


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))
