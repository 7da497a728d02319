from datetime import date

import pytest

from schoolprivacy.policies.models import PolicyVersion
from schoolprivacy.policies.services import council_decision_record, policy_version_create

REGULATION_TEXT = "Artikel 1. Dit reglement beschrijft hoe de scholen met persoonsgegevens omgaan."


@pytest.fixture
def draft(world) -> PolicyVersion:
    return policy_version_create(
        actor=world.privacy_officer,
        kind="regulation",
        title="Privacyreglement",
        text=REGULATION_TEXT,
        changes="Eerste versie",
    )


def decide(world, version: PolicyVersion, decision: str = "consented") -> PolicyVersion:
    return council_decision_record(
        actor=world.privacy_officer,
        version=version,
        council="gmr",
        section="whole",
        decided_on=date(2026, 11, 20),
        decision=decision,
        minutes_reference="GMR-notulen 2026-11, punt 4",
    )
