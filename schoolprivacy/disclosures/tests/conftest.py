"""Shared set-up of the disclosure tests: the board's consent purposes (the ledger's defaults and
the sharing purposes, which the disclosures app registers with them), a care coordinator at the
secondary school, and helpers."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.services import disclosure_record
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.testing import factories


@dataclass
class Sharing:
    world: World
    care_b: User  # care coordinator of the secondary school (school B)

    def purpose(self, key: str) -> Purpose:
        return Purpose.objects.get(board=self.world.board, key=key, school__isnull=True)


@pytest.fixture
def sharing(world: World) -> Sharing:
    purposes_install_defaults(board=world.board, actor_id=None)
    care_b = factories.make_staff(board=world.board, username="ib.b")
    factories.assign(care_b, Role.CARE_COORDINATOR, school=world.school_b)
    return Sharing(world=world, care_b=care_b.user)


def decide(
    pupil: Pupil,
    purpose: Purpose,
    decision: str,
    *,
    guardian: Guardian | None = None,
    by_pupil: bool = False,
) -> None:
    """A parent (or the pupil aged 16+) decides in the portal."""
    actor = pupil.user if by_pupil else guardian.user if guardian else None
    assert actor is not None
    consent_decide(
        actor=actor,
        pupil=pupil,
        purpose=purpose,
        decision=decision,
        by_guardian=guardian,
        by_pupil=by_pupil,
        method=Method.PORTAL,
    )


def record(actor: User, pupil: Pupil, **kwargs: Any) -> Disclosure:
    return disclosure_record(actor=actor, pupil=pupil, **kwargs)


LEERPLICHT: dict[str, Any] = {
    "recipient": "leerplicht",
    "basis": "legal_obligation",
    "article": "leerplichtwet_21a",
    "categories": ["pupil.identity", "pupil.absence"],
    "absence_hours": 17,
}

TRANSFER_PRIMARY: dict[str, Any] = {
    "recipient": "next_school",
    "basis": "legal_obligation",
    "article": "wpo_42",
    "categories": ["pupil.identity", "pupil.education_number", "pupil.results.reports"],
    "shown_to_parents_on": date(2026, 6, 1),
    "parent_remarks": "Wij herkennen ons in het rapport.",
}
