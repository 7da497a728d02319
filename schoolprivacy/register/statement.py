"""The public privacy statement of a school, made from the board's live register.

Everything here is computed per request from the register, so the statement can never lag
behind it. The wording lives in the template and in `plain_words`; this module only gathers.
"""

from dataclasses import dataclass, field
from datetime import datetime

from schoolprivacy import taxonomy
from schoolprivacy.register.models import ProcessingActivity, Source
from schoolprivacy.register.plain_words import (
    BASIS_REASON,
    RECIPIENT_BASIS,
    ROLE_WORDS,
    gdpr_reference,
)
from schoolprivacy.register.selectors import register_last_changed, statement_activities
from schoolprivacy.schools.models import School


@dataclass(frozen=True)
class SharedWith:
    name: str
    basis: str
    purpose: str
    anchor: str


@dataclass(frozen=True)
class Purpose:
    anchor: str
    title: str
    text: str
    categories: list[taxonomy.Category]
    reason: str
    legal_reference: str
    special_basis: str
    sources: list[str]
    systems: list[str]
    roles: list[str]
    has_special: bool
    recipients: list[SharedWith]
    processors: list[str]
    retention: str


@dataclass
class Statement:
    school: School
    purposes: list[Purpose]
    last_changed: datetime | None
    shared: list[SharedWith] = field(default_factory=list)
    processors: list[str] = field(default_factory=list)

    @property
    def special_purposes(self) -> list[Purpose]:
        return [p for p in self.purposes if p.has_special]

    @property
    def number_purposes(self) -> list[Purpose]:
        """Purposes that use the education number (BSN)."""
        return [
            p
            for p in self.purposes
            if any(
                c.classification is taxonomy.Classification.NATIONAL_IDENTIFIER
                for c in p.categories
            )
        ]


def _purpose(activity: ProcessingActivity) -> Purpose:
    anchor = f"purpose-{activity.key}"
    title = activity.localized_name()
    reference = gdpr_reference(activity.legal_basis)
    if activity.legal_basis_article:
        reference = f"{reference}; {activity.legal_basis_article}"
    return Purpose(
        anchor=anchor,
        title=title,
        text=activity.localized_purpose(),
        categories=activity.category_objects,
        reason=str(BASIS_REASON[activity.legal_basis]),
        legal_reference=reference,
        special_basis=activity.special_basis if activity.special_categories else "",
        sources=[str(Source(s).label) for s in activity.sources if s in Source.values],
        systems=list(activity.systems),
        roles=[str(ROLE_WORDS[r]) for r in activity.access_roles if r in ROLE_WORDS],
        has_special=bool(activity.special_categories),
        recipients=[
            SharedWith(r["name"], str(RECIPIENT_BASIS[r["basis"]]), title, anchor)
            for r in activity.recipients
        ],
        processors=list(activity.processors),
        retention=activity.retention_in_words(),
    )


def statement_for(school: School) -> Statement:
    purposes = [_purpose(a) for a in statement_activities(school)]
    statement = Statement(
        school=school, purposes=purposes, last_changed=register_last_changed(school.board_id)
    )
    statement.shared = [r for p in purposes for r in p.recipients]
    statement.processors = list(dict.fromkeys(name for p in purposes for name in p.processors))
    return statement
