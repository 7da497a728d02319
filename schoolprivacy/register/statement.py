"""The public privacy statement of a school, made from the board's live register.

Everything here is computed per request from the register, so the statement can never lag
behind it. The wording lives in the template and in `plain_words`; this module only gathers.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import translation

from schoolprivacy import capabilities, taxonomy
from schoolprivacy.register.claims import claims_for
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
    # Claim key -> whether the running system makes that sentence true (register/claims.py).
    claims: dict[str, bool] = field(default_factory=dict)
    # What the apps above the register tell the statement, through their capabilities.
    policies: list[dict[str, Any]] = field(default_factory=list)
    dpo: Mapping[str, Any] = field(default_factory=dict)
    board_website: str = ""

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
            SharedWith(
                _without_basis(r["name"], r["basis"]),
                str(RECIPIENT_BASIS[r["basis"]]),
                title,
                anchor,
            )
            for r in activity.recipients
        ],
        processors=list(activity.processors),
        retention=activity.retention_in_words(),
    )


def _without_basis(name: str, basis: str) -> str:
    """ "Schoolfotograaf (alleen met toestemming)" from registers made with earlier defaults:
    the statement adds the basis after the name itself, so it is not said twice (issue 19)."""
    words = {str(RECIPIENT_BASIS[basis])}
    for language in ("nl", "en"):
        with translation.override(language):
            words.add(str(RECIPIENT_BASIS[basis]))
    for said in words:
        suffix = f" ({said})"
        if name.lower().endswith(suffix.lower()):
            return name[: -len(suffix)]
    return name


def statement_for(school: School) -> Statement:
    purposes = [_purpose(a) for a in statement_activities(school)]
    statement = Statement(
        school=school, purposes=purposes, last_changed=register_last_changed(school.board_id)
    )
    statement.shared = [r for p in purposes for r in p.recipients]
    statement.processors = list(dict.fromkeys(name for p in purposes for name in p.processors))
    board_id = school.board_id
    statement.claims = claims_for(board_id)
    statement.policies = list(
        capabilities.facts("policies.regulation", board_id).get("documents", [])
    )
    statement.dpo = capabilities.facts("policies.dpo", board_id)
    statement.board_website = str(
        capabilities.facts("policies.board_website", board_id).get("url", "")
    )
    # The suppliers app, once it provides "suppliers.agreements", lists the processors it holds
    # agreements with (suppliers/statement.py); the register's own list stays until then.
    agreed = capabilities.facts("suppliers.agreements", board_id).get("processors")
    if agreed is not None:
        statement.processors = [str(name) for name in agreed]
    return statement
