"""The parents and guardians section of the staff pupil page: read through the policy, logged.

`guardians_for(user, pupil)` answers None when the user may not read parents' names of this
pupil (the section is then absent, not empty); otherwise the current guardians with only the
parts the policy allows (guardian_rules.py): names and relation, contact details, parental
authority and information restrictions. Showing it writes a read-log entry naming the guardian
categories shown, like every other read of personal data (access.reads), in the same
transaction. Callers get the pupil through `get_pupil_for_user` first (404 for outsiders).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from schoolprivacy.access.policy import GUARDIAN_KEYS, Decision, visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.collation import dutch_name_key
from schoolprivacy.people.models import GuardianRelation, Pupil

IDENTITY, CONTACT, AUTHORITY = "guardian.identity", "guardian.contact", "guardian.authority"


@dataclass(frozen=True)
class GuardianRow:
    name: str
    relation: str
    # Only with the contact category.
    email: str = ""
    phone: str = ""
    address: str = ""
    # Whoever sees how to reach this person must also see that they may not be informed.
    no_information: bool = False
    # Only with the authority category.
    has_authority: bool | None = None
    restriction: str = ""
    restriction_reason: str = ""


@dataclass(frozen=True)
class GuardianSection:
    decisions: dict[str, Decision]
    guardians: list[GuardianRow]

    @property
    def shown(self) -> dict[str, Decision]:
        """The categories actually on the page: none when no guardian is recorded."""
        return self.decisions if self.guardians else {}

    @property
    def shows_contact(self) -> bool:
        return CONTACT in self.decisions

    @property
    def shows_authority(self) -> bool:
        return AUTHORITY in self.decisions

    @property
    def is_emergency(self) -> bool:
        return any(d.rule == "break_glass" for d in self.decisions.values())


def current_relations(pupil: Pupil, day: date) -> list[GuardianRelation]:
    relations = GuardianRelation.objects.filter(board_id=pupil.board_id, pupil_id=pupil.pk).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )
    return sorted(
        relations.select_related("guardian"),
        key=lambda r: (
            not r.has_parental_authority,
            dutch_name_key(r.guardian.surname, r.guardian.first_name),
        ),
    )


def _row(relation: GuardianRelation, decisions: dict[str, Decision]) -> GuardianRow:
    guardian = relation.guardian
    row = GuardianRow(name=guardian.name, relation=str(relation.get_kind_display()))
    if CONTACT in decisions:
        row = GuardianRow(
            name=row.name,
            relation=row.relation,
            email=guardian.email,
            phone=guardian.phone,
            address=guardian.address,
            no_information=bool(relation.information_restriction),
        )
    if AUTHORITY in decisions:
        row = GuardianRow(
            name=row.name,
            relation=row.relation,
            email=row.email,
            phone=row.phone,
            address=row.address,
            no_information=bool(relation.information_restriction),
            has_authority=relation.has_parental_authority,
            restriction=str(relation.get_information_restriction_display())
            if relation.information_restriction
            else "",
            restriction_reason=relation.restriction_reason,
        )
    return row


@transaction.atomic
def guardians_for(
    user: User, pupil: Pupil, *, channel: str = "web", log: bool = True
) -> GuardianSection | None:
    """The guardians section for `user`, or None when they may not read parents' names.

    With `log=False` the caller logs `section.shown` itself, in the same read-log entry as the
    rest of the page (the staff pupil page passes it to `dossier_for`: one page, one entry).
    """
    decisions = visible_categories(user, pupil, keys=GUARDIAN_KEYS)
    if IDENTITY not in decisions:
        return None
    relations = current_relations(pupil, timezone.localdate())
    section = GuardianSection(decisions, [_row(relation, decisions) for relation in relations])
    if log and section.shown:
        log_dossier_opened(user, pupil, section.shown, channel=channel)
    return section
