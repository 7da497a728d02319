"""Corrections (GDPR art. 16): parents propose per item, the privacy officer accepts or refuses.

An accepted correction is applied by the app that owns the item, through its `privacy.correct`
(the registry, decision 0024), which keeps the previous version. Data the school imports from
the pupil administration is flagged: it must be corrected there too, or the next import brings
the old value back. Recipients from the register that receive the category are listed, so the
school tells them (GDPR art. 19) and the requester sees who they were.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.rights import handler_board_id, requester_right
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil
from schoolprivacy.privacy_registry import (
    DataSubject,
    correct_item,
    correctable,
    export_subject,
)
from schoolprivacy.register.selectors import statement_activities
from schoolprivacy.requests import clock
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import (
    OPEN_STATUSES,
    SIGNED_IN_CHECK,
    Channel,
    Correction,
    Kind,
    RecipientNotice,
    Request,
    Status,
)
from schoolprivacy.requests.notices import notices_record
from schoolprivacy.requests.services import TEXT_LIMIT

PUPIL_ADMINISTRATION = "pupil_administration"


def find_item(pupil: Pupil, source: str, item_id: int) -> tuple[str, dict[str, object]] | None:
    """The item as the package shows it: (category key, fields), or None when it is not the
    pupil's. Read through the registry, so a parent can only point at their own child's data."""
    for key, rows in export_subject(DataSubject.of(pupil)).items():
        for row in rows:
            if row["source"] == source and row["id"] == item_id:
                return key, row["fields"]
    return None


def _audit(correction: Correction, request: Request, action: str, actor_id: int) -> None:
    audit_record(
        action=f"requests.correction.{action}",
        board_id=request.board_id,
        actor_id=actor_id,
        subjects=[
            Subject(subject_types.PUPIL, request.pupil_id),
            Subject(subject_types.REQUEST, request.pk),
            Subject(subject_types.CORRECTION, correction.pk),
        ],
        fields=[correction.field_name],
        context={"category": correction.category_key, "source": correction.source.lower()},
        channel="web",
    )


@transaction.atomic
def correction_propose(
    *,
    actor: User,
    pupil: Pupil,
    source: str,
    item_id: int,
    field_name: str,
    proposed: str,
    explanation: str = "",
) -> Correction:
    """A parent with authority (or the pupil of 16+) proposes a correction of one item; it joins
    their open correction request about the child, or starts one (the clock runs from today)."""
    right = requester_right(actor, pupil)
    if right is None or Kind.RECTIFICATION not in right.kinds:
        raise RequestNotFound
    found = find_item(pupil, source, item_id)
    if found is None or field_name not in found[1]:
        raise RequestNotFound
    proposed = proposed.strip()
    if not proposed or len(proposed) > TEXT_LIMIT:
        raise ValidationError({"proposed": _("Write the correct text (at most 4000 characters).")})
    request = (
        Request.objects.select_for_update()
        .filter(requester=actor, pupil=pupil, kind=Kind.RECTIFICATION, status__in=OPEN_STATUSES)
        .first()
    )
    if request is None:
        today = timezone.localdate()
        request = Request.objects.create(
            board_id=pupil.board_id,
            school_id=pupil.school_id,
            pupil=pupil,
            kind=Kind.RECTIFICATION,
            channel=Channel.PORTAL,
            standing=right.standing,
            requester=actor,
            guardian_id=right.guardian_id,
            received_on=today,
            due_on=clock.due_on(today),
            status=Status.VERIFIED,
            identity_check=SIGNED_IN_CHECK,
            verified_at=timezone.now(),
            verified_by=actor,
        )
        audit_record(
            action="requests.request.received",
            board_id=request.board_id,
            actor_id=actor.pk,
            subjects=[
                Subject(subject_types.PUPIL, pupil.pk),
                Subject(subject_types.REQUEST, request.pk),
            ],
            context={"kind": request.kind, "status": request.status, "standing": right.standing},
            channel="web",
        )
    correction = Correction.objects.create(
        board_id=pupil.board_id,
        request=request,
        source=source,
        item_id=item_id,
        field_name=field_name,
        category_key=found[0],
        proposed=proposed,
        explanation=explanation.strip()[:TEXT_LIMIT],
    )
    _audit(correction, request, "proposed", actor.pk)
    return correction


def _locked(actor: User, correction_id: int) -> Correction:
    board_id = handler_board_id(actor)
    found = (
        Correction.objects.select_for_update()
        .filter(pk=correction_id, board_id=board_id)
        .select_related("request__pupil")
        .first()
        if board_id is not None
        else None
    )
    if found is None:
        raise RequestNotFound
    if found.state != Correction.State.PROPOSED or found.request.status not in OPEN_STATUSES:
        raise TransitionRefused(_("This correction has been decided already."), "decided")
    return found


def _follow_up(correction: Correction) -> tuple[str, list[str]]:
    """Where it must be corrected at the source too, and which recipients the register names for
    the category (for the officer to check; the recipients recorded as having received the
    child's data are told through notices.py)."""
    sources: list[str] = []
    recipients: list[str] = []
    for activity in statement_activities(correction.request.school):
        if correction.category_key not in activity.categories:
            continue
        if PUPIL_ADMINISTRATION in activity.sources:
            sources += [str(s) for s in activity.systems] or [_("the pupil administration")]
        recipients += [str(r["name"]) for r in activity.recipients]
    return ", ".join(dict.fromkeys(sources))[:100], list(dict.fromkeys(recipients))


@transaction.atomic
def correction_accept(*, actor: User, correction_id: int, value: str = "") -> Correction:
    """The officer accepts (optionally with their own wording) and the owning app applies it."""
    correction = _locked(actor, correction_id)
    if not correctable(correction.source):
        raise TransitionRefused(
            _("This kind of data cannot be corrected here; correct it at its source."),
            "not_correctable",
        )
    text = (value or correction.proposed).strip()
    pupil = correction.request.pupil
    applied = correct_item(
        DataSubject.of(pupil),
        source=correction.source,
        item_id=correction.item_id,
        field=correction.field_name,
        value=text,
        actor_id=actor.pk,
    )
    if not applied:
        raise TransitionRefused(_("The item no longer exists."), "gone")
    at_source, recipients = _follow_up(correction)
    correction.state = Correction.State.ACCEPTED
    correction.at_source = at_source
    correction.recipients_told = recipients
    correction.decided_at = timezone.now()
    correction.decided_by = actor
    correction.save(
        update_fields=["state", "at_source", "recipients_told", "decided_at", "decided_by"]
    )
    _audit(correction, correction.request, "accepted", actor.pk)
    notices_record(
        subject=DataSubject.of(pupil),
        cause=RecipientNotice.Cause.CORRECTION,
        categories=[correction.category_key],
        actor_id=actor.pk,
        request=correction.request,
        correction=correction,
    )
    return correction


@transaction.atomic
def correction_refuse(*, actor: User, correction_id: int, reason: str) -> Correction:
    correction = _locked(actor, correction_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    correction.state = Correction.State.REFUSED
    correction.refusal_reason = reason[:TEXT_LIMIT]
    correction.decided_at = timezone.now()
    correction.decided_by = actor
    correction.save(update_fields=["state", "refusal_reason", "decided_at", "decided_by"])
    _audit(correction, correction.request, "refused", actor.pk)
    return correction
