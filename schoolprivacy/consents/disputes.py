"""Disputes: the school learned that the holders disagree (domain.md, Consent).

While a dispute is open the status is "disputed" and processing stops, until a location
director of the pupil's school resolves it. Decided (docs/decisions/0010-consent-ledger.md):
staff open one when parents tell the school they disagree, and `consent_decide` opens one
automatically when a holder grants while another holder's refusal or withdrawal stands on the
same text version. A withdrawal after a grant is no dispute: the withdrawal simply wins.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.duties import Duty, may_for_pupil
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents import locks, outbox
from schoolprivacy.consents.models import ConsentDispute, EventKind, Purpose
from schoolprivacy.consents.rules import ConsentRuleError, current_link
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil


def dispute_create(
    *,
    actor: User | None,
    pupil: Pupil,
    purpose: Purpose,
    when: datetime,
    because: str,
    channel: str,
    guardian: Guardian | None = None,
    note: str = "",
) -> ConsentDispute:
    locks.pupils_lock([pupil.pk])  # a dispute changes the pupil's consent facts
    existing = ConsentDispute.objects.filter(
        pupil=pupil, purpose=purpose, resolved_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    dispute = ConsentDispute.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        purpose=purpose,
        opened_because=because,
        opened_at=when,
        opened_by=actor,
        reported_by_guardian=guardian,
        note=note,
    )
    subjects = [
        Subject(subject_types.PUPIL, pupil.pk),
        Subject(subject_types.CONSENT_DISPUTE, dispute.pk),
    ]
    if guardian is not None:
        subjects.append(Subject(subject_types.GUARDIAN, guardian.pk))
    audit_record(
        action="consents.dispute.opened",
        board_id=pupil.board_id,
        actor_id=actor.pk if actor else None,
        subjects=subjects,
        # Whether a note was written, never its text: the audit log holds no personal values.
        context={"purpose": purpose.key, "because": because, "with_note": bool(note)},
        channel=channel,
    )
    outbox.event_add(kind=EventKind.DISPUTE_OPENED, pupil=pupil, purpose=purpose)
    return dispute


@transaction.atomic
def dispute_open(
    *,
    actor: User,
    pupil: Pupil,
    purpose: Purpose,
    guardian: Guardian | None = None,
    note: str = "",
    channel: str = "web",
) -> ConsentDispute:
    """Staff of the school learned that the parents disagree: processing stops (domain.md).

    `guardian` is the parent who told the school they disagree; it must be one of the pupil's
    current guardians.
    """
    if not may_for_pupil(actor, Duty.OPEN_DISPUTE, pupil):
        raise PermissionDenied
    if guardian is not None and not guardian_of(pupil, guardian):
        raise ConsentRuleError(_("Choose one of the pupil's parents."), "guardian")
    return dispute_create(
        actor=actor,
        pupil=pupil,
        purpose=purpose,
        when=timezone.now(),
        because=ConsentDispute.Opened.STAFF,
        channel=channel,
        guardian=guardian,
        note=note.strip(),
    )


def dispute_guardians(pupil: Pupil) -> list[Guardian]:
    """The parents a dispute can be reported by: the pupil's current guardians."""
    relations = GuardianRelation.objects.filter(current_link(timezone.localdate()), pupil=pupil)
    found = {r.guardian_id: r.guardian for r in relations.select_related("guardian")}
    return sorted(found.values(), key=lambda g: g.name)


def guardian_of(pupil: Pupil, guardian: Guardian) -> bool:
    return any(g.pk == guardian.pk for g in dispute_guardians(pupil))


@transaction.atomic
def dispute_resolve(
    *, actor: User, dispute: ConsentDispute, resolution: str, channel: str = "web"
) -> ConsentDispute:
    """Only the location director of the pupil's school resolves a dispute (design.md §2).

    Afterwards the status is derived from the ledger again (a standing refusal still wins).
    """
    dispute = ConsentDispute.objects.select_for_update().select_related("pupil").get(pk=dispute.pk)
    if not may_for_pupil(actor, Duty.RESOLVE_DISPUTE, dispute.pupil):
        raise PermissionDenied
    if dispute.resolved_at is not None:
        raise ConsentRuleError(_("This dispute has already been resolved."), "resolved")
    if resolution not in ConsentDispute.Resolution.values:
        raise ConsentRuleError(_("Choose how the dispute was resolved."), "resolution")
    dispute.resolved_at = timezone.now()
    dispute.resolved_by = actor
    dispute.resolution = resolution
    dispute.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(
        action="consents.dispute.resolved",
        board_id=dispute.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, dispute.pupil_id),
            Subject(subject_types.CONSENT_DISPUTE, dispute.pk),
        ],
        fields=["resolved_at", "resolution"],
        context={"resolution": resolution},
        channel=channel,
    )
    return dispute
