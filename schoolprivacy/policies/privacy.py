"""Personal data of `policies`: who wrote, recorded and published a policy version (staff
activity), and the data protection officer's name and work contact details (published on
purpose: the GDPR requires the officer's contact details to be public, art. 37(7)).

Kept for accountability: a policy's history says who adopted what. Erasure answers with a plan.
"""

from collections.abc import Collection

from schoolprivacy.policies.models import Dpia, PolicyDocument, PolicyVersion, PrivacyContacts
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
)

_ACTIVITY = "staff.activity"
VERSIONS = PersonalData(
    PolicyVersion,
    {"created_by": _ACTIVITY, "recorded_by": _ACTIVITY, "published_by": _ACTIVITY},
)
CONTACTS = PersonalData(
    PrivacyContacts,
    {"dpo_name": "staff.identity", "dpo_email": "staff.contact", "dpo_phone": "staff.contact"},
)
PERSONAL_DATA = (VERSIONS, CONTACTS)
_POLICY = "the board's policy text, public once published"
_BOOKKEEPING = "when the board's document changed, not about a person"
_COUNCIL = "the decision of a council as a body, public with the policy"
NOT_PERSONAL = (
    NotPersonal(
        PolicyDocument,
        {"title": _POLICY, "kind": "regulation or protocol", "created_at": _BOOKKEEPING},
    ),
    NotPersonal(
        PolicyVersion,
        {
            "text": _POLICY,
            "changes": _POLICY,
            "minutes_reference": "a reference to council minutes, not their content",
            "created_at": _BOOKKEEPING,
            "published_at": _BOOKKEEPING,
            "council": _COUNCIL,
            "council_section": _COUNCIL,
            "council_decided_on": _COUNCIL,
            "council_decision": _COUNCIL,
        },
    ),
    NotPersonal(
        PrivacyContacts,
        {"website": "the board's public web page", "updated_at": _BOOKKEEPING},
    ),
    NotPersonal(
        Dpia,
        {
            "supplier_name": "a company's name",
            "document_reference": "where the assessment is filed",
            "measures": "security and organisational measures, about a processing, not a person",
            "review_on": "a planning date",
            "performed_on": "a planning date",
            "criteria": "criteria codes about a processing",
            "outcome": "the outcome code of an assessment of a processing",
            "updated_at": _BOOKKEEPING,
        },
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff" or subject.user_id is None:
        return {}
    rows = PolicyVersion.objects.filter(board_id=subject.board_id).filter(
        created_by_id=subject.user_id
    ) | PolicyVersion.objects.filter(board_id=subject.board_id, published_by_id=subject.user_id)
    return collect(VERSIONS, rows.distinct(), subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "staff" and subject.user_id is not None:
        counts = {
            _ACTIVITY: PolicyVersion.objects.filter(
                board_id=subject.board_id, created_by_id=subject.user_id
            ).count()
        }
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("policies", counts, reason="accountability", dry_run=dry_run)
