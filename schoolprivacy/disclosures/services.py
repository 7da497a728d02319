"""Writes of the disclosures app: recording a disclosure through the gate, and the meldcode's
decision to let the parents see one. In a transaction, audited without personal values.

Check-then-act under the consent lock order (consents/locks.py, decision 0016): a disclosure on
consent takes the pupil's row and the purpose's row FOR SHARE *before* it reads the consent
status and keeps them until it commits. A withdrawal (which takes the pupil's row FOR UPDATE)
therefore either commits first, and the disclosure reads "withdrawn" and is refused, or waits
until the disclosure is recorded: the ledger never shows a disclosure after a withdrawal that
it relied on.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.sharing import may_disclose
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents import locks
from schoolprivacy.consents.rules import ConsentStatus, consent_status
from schoolprivacy.consents.selectors import purpose_by_key
from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.disclosures.recipients import CONSENT, recipient
from schoolprivacy.disclosures.rules import (
    DisclosureRefused,
    DisclosureRequest,
    check,
    known_recipient,
)
from schoolprivacy.people.models import Pupil


def _audit_refusal(
    actor: User, pupil: Pupil, request: DisclosureRequest, code: str, ch: str
) -> None:
    # Outside the refused transaction: the refusal itself is worth keeping (who tried what).
    audit_record(
        action="disclosures.disclosure.refused",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PUPIL, pupil.pk)],
        context={
            "recipient": request.recipient if recipient(request.recipient) else "unknown",
            "basis": request.basis if request.basis in ("legal_obligation", "consent") else "",
            "reason": code,
        },
        channel=ch,
    )


def before_recording() -> None:
    """The moment between the gate and the row (a hook for the race tests: nothing happens here)."""


def disclosure_record(
    *,
    actor: User,
    pupil: Pupil,
    recipient: str,
    basis: str,
    categories: Sequence[str],
    article: str = "",
    note: str = "",
    recipient_name: str = "",
    absence_hours: int | None = None,
    shown_to_parents_on: date | None = None,
    parent_remarks: str = "",
    reference: str = "",
    shown_to_parents: bool = True,
    disclosed_at: datetime | None = None,
    channel: str = "web",
) -> Disclosure:
    """Record a disclosure if the gate allows it; raise DisclosureRefused (with the reason) if not,
    PermissionDenied when `actor` may not record disclosures to this recipient for this pupil."""
    known_recipient(recipient)  # an unknown key is refused with its reason, before any role
    if not may_disclose(actor, pupil, recipient):
        raise PermissionDenied
    request = DisclosureRequest(
        recipient=recipient,
        basis=basis,
        categories=tuple(dict.fromkeys(categories)),
        article=article,
        absence_hours=absence_hours,
        shown_to_parents_on=shown_to_parents_on,
        reference=reference,
    )
    try:
        return _record(
            actor=actor,
            pupil=pupil,
            request=request,
            note=note,
            recipient_name=recipient_name,
            parent_remarks=parent_remarks,
            shown_to_parents=shown_to_parents,
            disclosed_at=disclosed_at,
            channel=channel,
        )
    except DisclosureRefused as refusal:
        _audit_refusal(actor, pupil, request, refusal.code or "refused", channel)
        raise


@transaction.atomic
def _record(
    *,
    actor: User,
    pupil: Pupil,
    request: DisclosureRequest,
    note: str,
    recipient_name: str,
    parent_remarks: str,
    shown_to_parents: bool,
    disclosed_at: datetime | None,
    channel: str,
) -> Disclosure:
    now = timezone.now()
    when = disclosed_at or now
    if when > now:
        raise DisclosureRefused(_("A disclosure cannot be dated in the future."), "future")
    who = recipient(request.recipient)
    consent: ConsentStatus | None = None
    purpose = None
    if request.basis == CONSENT and who is not None and who.consent_purpose:
        purpose = purpose_by_key(pupil.school, who.consent_purpose)
        # consents/locks.py: pupils before purposes, shared, before reading the status.
        locks.pupils_share([pupil.pk])
        if purpose is not None:
            locks.purposes_share([purpose.pk])
            consent = consent_status(pupil, purpose)
    ground = check(
        request, school_kind=pupil.school.kind, today=timezone.localdate(), consent=consent
    )
    before_recording()
    meldcode = who is not None and who.meldcode
    disclosure = Disclosure.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        recipient=request.recipient,
        recipient_name=recipient_name.strip(),
        basis=request.basis,
        article=ground.code if ground else "",
        citation=ground.citation if ground else "",
        purpose=purpose if consent is not None else None,
        consent_decision_ids=list(consent.decision_ids) if consent else [],
        categories=list(request.categories),
        note=note.strip(),
        absence_hours=request.absence_hours if ground and ground.needs_absence_hours else None,
        shown_to_parents_on=request.shown_to_parents_on
        if ground and ground.needs_shown_to_parents
        else None,
        parent_remarks=parent_remarks.strip() if ground and ground.needs_shown_to_parents else "",
        reference=request.reference.strip(),
        # Only under the meldcode may the professional keep it from the parents (for now).
        shown_to_parents=shown_to_parents if meldcode else True,
        disclosed_at=when,
        recorded_by=actor,
    )
    audit_record(
        action="disclosures.disclosure.recorded",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, pupil.pk),
            Subject(subject_types.DISCLOSURE, disclosure.pk),
        ],
        fields=["categories", "note"] if disclosure.note else ["categories"],
        context={
            "recipient": disclosure.recipient,
            "basis": disclosure.basis,
            "article": disclosure.article,
            "categories": list(disclosure.categories),
            "shown_to_parents": disclosure.shown_to_parents,
        },
        channel=channel,
    )
    return disclosure


@transaction.atomic
def disclosure_show_to_parents(
    *, actor: User, disclosure: Disclosure, channel: str = "web"
) -> Disclosure:
    """The meldcode: the professional decides the parents may now see this disclosure. One way:
    what the parents have seen cannot be taken back."""
    if not may_disclose(actor, disclosure.pupil, disclosure.recipient):
        raise PermissionDenied
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.shown_to_parents:
        return locked
    locked.shown_to_parents = True
    locked.save(update_fields=["shown_to_parents"])
    audit_record(
        action="disclosures.disclosure.shown_to_parents",
        board_id=locked.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, locked.pupil_id),
            Subject(subject_types.DISCLOSURE, locked.pk),
        ],
        fields=["shown_to_parents"],
        context={"recipient": locked.recipient},
        channel=channel,
    )
    return locked
