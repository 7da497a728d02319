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
from schoolprivacy.consents.rules import ConsentRuleError
from schoolprivacy.people.models import Pupil


def dispute_create(
    *,
    actor: User | None,
    pupil: Pupil,
    purpose: Purpose,
    when: datetime,
    because: str,
    channel: str,
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
    )
    audit_record(
        action="consents.dispute.opened",
        board_id=pupil.board_id,
        actor_id=actor.pk if actor else None,
        subjects=[
            Subject(subject_types.PUPIL, pupil.pk),
            Subject(subject_types.CONSENT_DISPUTE, dispute.pk),
        ],
        context={"purpose": purpose.key, "because": because},
        channel=channel,
    )
    outbox.event_add(kind=EventKind.DISPUTE_OPENED, pupil=pupil, purpose=purpose)
    return dispute


@transaction.atomic
def dispute_open(
    *, actor: User, pupil: Pupil, purpose: Purpose, channel: str = "web"
) -> ConsentDispute:
    """Staff of the school learned that the parents disagree: processing stops (domain.md)."""
    if not may_for_pupil(actor, Duty.OPEN_DISPUTE, pupil):
        raise PermissionDenied
    return dispute_create(
        actor=actor,
        pupil=pupil,
        purpose=purpose,
        when=timezone.now(),
        because=ConsentDispute.Opened.STAFF,
        channel=channel,
    )


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
