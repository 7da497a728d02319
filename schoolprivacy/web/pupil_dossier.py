"""What the pupil page shows, composed from the policy and the dossier selectors.

The education number is masked by default and shown only on a deliberate request: most visits of
the administration are about contact or enrolment data, and every showing of a national
identifier is a logged read that parents see on their child's page (issue 3 §6). So this page does
not use `dossier.selectors.dossier_for`, which always includes the number; it logs the same way
(`access.reads.log_dossier_opened`, once per page): ordinary categories the user may see, and
protected categories only when something of them is actually on the page.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.functional import Promise

from schoolprivacy.access.policy import Decision, is_protected, visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.dossier.selectors import records_for
from schoolprivacy.people.models import Pupil
from schoolprivacy.taxonomy import CATEGORIES, Category

EDUCATION_NUMBER = "pupil.education_number"


@dataclass(frozen=True)
class Entry:
    record: Record
    # The record this one follows from, when the user may read that one too.
    follows_from: Record | None = None


@dataclass(frozen=True)
class Section:
    """One category with the records of it the user may read."""

    category: Category
    decision: Decision
    entries: list[Entry]


@dataclass(frozen=True)
class Reason:
    """Why the user sees some categories: one policy rule and the categories it opens."""

    rule: str
    text: Promise
    categories: list[Category] = field(default_factory=list)


@dataclass(frozen=True)
class DossierPage:
    sections: list[Section]
    empty: list[Category]
    reasons: list[Reason]
    may_see_education_number: bool
    has_education_number: bool
    # Set only when the user asked for it and may see it; the read is logged.
    education_number: str | None

    @property
    def is_emergency(self) -> bool:
        return any(r.rule == "break_glass" for r in self.reasons)

    @property
    def main_rule(self) -> str:
        """The rule behind most of the page; sections name theirs only when it differs."""
        return max(self.reasons, key=lambda r: len(r.categories)).rule if self.reasons else ""


def _reasons(decisions: dict[str, Decision]) -> list[Reason]:
    by_rule: dict[str, Reason] = {}
    for item in CATEGORIES:
        decision = decisions.get(item.key)
        if decision is None:
            continue
        reason = by_rule.setdefault(decision.rule, Reason(decision.rule, decision.reason))
        reason.categories.append(item)
    return list(by_rule.values())


@transaction.atomic
def dossier_page(user: User, pupil: Pupil, *, show_education_number: bool) -> DossierPage:
    """The page's content for `user`, with one read-log entry for what it shows."""
    decisions = visible_categories(user, pupil)
    # This page logs everything it shows itself, in one entry (see the module docstring).
    # Both calls ask the policy; should an exception expire between them, show the lesser set.
    records = [r for r in records_for(user, pupil, log_reads=False) if r.category_key in decisions]
    by_id = {r.pk: r for r in records}
    by_category: dict[str, list[Entry]] = {}
    for record in records:
        # records_for has already cleared links to records the user may not read.
        linked = by_id.get(record.based_on_id) if record.based_on_id else None
        by_category.setdefault(record.category_key, []).append(Entry(record, linked))
    sections, empty = [], []
    for item in CATEGORIES:
        if item.key not in decisions or item.key not in RECORD_CATEGORIES:
            continue
        if item.key in by_category:
            sections.append(Section(item, decisions[item.key], by_category[item.key]))
        else:
            empty.append(item)

    may_see_number = EDUCATION_NUMBER in decisions
    has_number = bool(pupil.education_number_hash)
    number = pupil.education_number if may_see_number and show_education_number else ""
    shown = {key: d for key, d in decisions.items() if not is_protected(key)}
    shown |= {key: decisions[key] for key in by_category}
    if number:
        shown[EDUCATION_NUMBER] = decisions[EDUCATION_NUMBER]
    log_dossier_opened(user, pupil, shown)
    return DossierPage(
        sections=sections,
        empty=empty,
        reasons=_reasons(decisions),
        may_see_education_number=may_see_number,
        has_education_number=has_number,
        education_number=number or None,
    )
