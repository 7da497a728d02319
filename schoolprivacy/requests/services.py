"""Writing rights requests: every step in its own transaction, under a row lock, audited.

The workflow (issue 14 item 3): received -> verified -> in progress -> (extended) -> answered or
refused -> closed. The audit events name the request and the pupil, the step and codes; never
what was asked, answered or found.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.rights import (
    ALL_KINDS,
    INFORMATION_KINDS,
    handler_board_id,
    may_record_for,
    requester_right,
)
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil
from schoolprivacy.register.statement import statement_for
from schoolprivacy.requests import clock
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import (
    OPEN_STATUSES,
    SIGNED_IN_CHECK,
    Channel,
    Request,
    Standing,
    Status,
    SystemCheck,
)

# The identity check the system did itself for a signed-in requester (issue 14 item 2).
TEXT_LIMIT = 4000


def _subjects(request: Request) -> list[Subject]:
    return [
        Subject(subject_types.PUPIL, request.pupil_id),
        Subject(subject_types.REQUEST, request.pk),
    ]


def _audit(
    request: Request, action: str, actor_id: int | None, *, channel: str, **context: object
) -> None:
    audit_record(
        action=f"requests.request.{action}",
        board_id=request.board_id,
        actor_id=actor_id,
        subjects=_subjects(request),
        context={"kind": request.kind, "status": request.status, **context},
        channel=channel,
    )


def _text(value: str, field: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > TEXT_LIMIT:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": TEXT_LIMIT}})
    return value


def _check_kind(kind: str, allowed: frozenset[str]) -> None:
    if kind not in ALL_KINDS:
        raise ValidationError({"kind": _("Unknown kind of request.")})
    if kind not in allowed:
        raise ValidationError(
            {"kind": _("A parent without parental authority can ask for information only.")}
        )


@transaction.atomic
def request_submit(
    *, actor: User, pupil: Pupil, kind: str, description: str = "", language: str = "nl"
) -> Request:
    """A signed-in parent or pupil of 16+ asks, through the portal.

    The system checks identity and standing itself (sign-in; parental authority from the pupil
    administration), so such a request is verified at once, except for a parent without
    authority: whether the information harms the child is for the school to weigh first
    (BW 1:377c).
    """
    right = requester_right(actor, pupil)
    if right is None:
        raise RequestNotFound
    _check_kind(kind, right.kinds)
    today = timezone.localdate()
    verified = right.kinds != INFORMATION_KINDS  # BW 1:377c: the school weighs first
    request = Request.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        kind=kind,
        channel=Channel.PORTAL,
        standing=right.standing,
        requester=actor,
        guardian_id=right.guardian_id,
        description=_text(description, "description"),
        language=language if language in ("nl", "en") else "nl",
        received_on=today,
        due_on=clock.due_on(today),
        status=Status.VERIFIED if verified else Status.RECEIVED,
        identity_check=SIGNED_IN_CHECK if verified else "",
        verified_at=timezone.now() if verified else None,
        verified_by=actor if verified else None,
    )
    _audit(request, "received", actor.pk, channel="web", standing=request.standing)
    if verified:
        _checklist(request)
        _audit(request, "verified", actor.pk, channel="web", by="system")
    return request


@transaction.atomic
def request_record(
    *,
    actor: User,
    pupil: Pupil,
    kind: str,
    received_on: date,
    channel: str,
    standing: str,
    requester_name: str,
    identity_check: str = "",
    description: str = "",
    language: str = "nl",
    api: bool = False,
) -> Request:
    """Staff record a request received by letter, email, phone or at the desk.

    `received_on` may lie in the past (the clock runs from receipt, not from recording), never in
    the future. With `identity_check` (what the staff member checked: a passport at the desk, a
    call back to the number in the administration) the request is verified at once.
    """
    if not may_record_for(actor, pupil):
        raise RequestNotFound
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise ValidationError({"channel": _("Choose how the request came in.")})
    if standing not in Standing.values or standing == Standing.STAFF_CHECKED:
        raise ValidationError({"standing": _("Choose who asks.")})
    _check_kind(kind, INFORMATION_KINDS if standing == Standing.INFORMATION_ONLY else ALL_KINDS)
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError({"received_on": _("A request cannot be received in the future.")})
    if standing == Standing.OWN and pupil.age_on(received_on) < 16:
        raise ValidationError({"standing": _("Under 16, a parent with authority asks.")})
    check = _text(identity_check, "identity_check")
    request = Request.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        kind=kind,
        channel=channel,
        standing=standing,
        requester_name=_text(requester_name, "requester_name", required=True)[:200],
        description=_text(description, "description"),
        language=language if language in ("nl", "en") else "nl",
        received_on=received_on,
        due_on=clock.due_on(received_on),
        recorded_by=actor,
    )
    channel_code = "api" if api else "web"
    _audit(
        request,
        "received",
        actor.pk,
        channel=channel_code,
        standing=standing,
        late_days=(today - received_on).days,
    )
    if check and standing != Standing.INFORMATION_ONLY:
        _verify(request, actor, check, channel=channel_code)
    return request


def get_handled_request(actor: User, request_id: int) -> Request:
    """The request, locked, for the privacy officer of its board; 404 for everyone else."""
    board_id = handler_board_id(actor)
    found = (
        Request.objects.select_for_update().filter(pk=request_id, board_id=board_id).first()
        if board_id is not None
        else None
    )
    if found is None:
        raise RequestNotFound
    return found


def _require(request: Request, *statuses: str) -> None:
    if request.status not in statuses:
        raise TransitionRefused(
            _("This step is not possible while the request is %(status)s.")
            % {"status": request.get_status_display()},
            "state",
        )


def _checklist(request: Request) -> None:
    """Every system, supplier and recipient of the register that holds pupil data of the school,
    to be ticked off with what was found (issue 14 item 4)."""
    statement = statement_for(request.school)
    names: dict[tuple[str, str], None] = {}
    for purpose in statement.purposes:
        if not any(c.key.startswith("pupil.") for c in purpose.categories):
            continue
        for system in purpose.systems:
            names[(SystemCheck.Source.SYSTEM, system)] = None
        for processor in purpose.processors:
            names[(SystemCheck.Source.PROCESSOR, processor)] = None
        for recipient in purpose.recipients:
            names[(SystemCheck.Source.RECIPIENT, recipient.name)] = None
    SystemCheck.objects.bulk_create(
        [
            SystemCheck(board_id=request.board_id, request=request, source=source, name=name[:200])
            for source, name in names
        ],
        ignore_conflicts=True,
    )


def _verify(request: Request, actor: User, check: str, *, channel: str) -> None:
    request.status = Status.VERIFIED
    request.identity_check = check
    request.verified_at = timezone.now()
    request.verified_by = actor
    request.save(update_fields=["status", "identity_check", "verified_at", "verified_by"])
    _checklist(request)
    _audit(request, "verified", actor.pk, channel=channel, by="staff")


@transaction.atomic
def request_verify(
    *, actor: User, request_id: int, identity_check: str, channel: str = "web"
) -> Request:
    """The privacy officer records how identity (and for a child, authority) was checked."""
    request = get_handled_request(actor, request_id)
    _require(request, Status.RECEIVED)
    _verify(request, actor, _text(identity_check, "identity_check", required=True), channel=channel)
    return request


@transaction.atomic
def request_start(*, actor: User, request_id: int, channel: str = "web") -> Request:
    request = get_handled_request(actor, request_id)
    _require(request, Status.VERIFIED)
    request.status = Status.IN_PROGRESS
    request.started_at = timezone.now()
    request.save(update_fields=["status", "started_at"])
    _audit(request, "started", actor.pk, channel=channel)
    return request


@transaction.atomic
def request_extend(
    *, actor: User, request_id: int, months: int, reason: str, channel: str = "web"
) -> Request:
    """GDPR art. 12(3): once, by one or two months, with reasons told within the first month."""
    request = get_handled_request(actor, request_id)
    _require(request, Status.VERIFIED, Status.IN_PROGRESS)
    if request.extension_months:
        raise TransitionRefused(_("A request can be extended only once."), "extended")
    if not 1 <= months <= clock.MAX_EXTENSION_MONTHS:
        raise ValidationError({"months": _("An extension is one or two months.")})
    if timezone.localdate() > clock.extension_deadline(request.received_on):
        raise TransitionRefused(
            _("The first month has passed: the requester had to be told of an extension in it."),
            "too_late",
        )
    request.extension_reason = _text(reason, "reason", required=True)
    request.extension_months = months
    request.due_on = clock.due_on(request.received_on, extension_months=months)
    request.status = Status.EXTENDED
    request.extended_at = timezone.now()
    request.save(
        update_fields=["extension_reason", "extension_months", "due_on", "status", "extended_at"]
    )
    _audit(request, "extended", actor.pk, channel=channel, months=months)
    return request


@transaction.atomic
def request_answer(*, actor: User, request_id: int, answer: str, channel: str = "web") -> Request:
    request = get_handled_request(actor, request_id)
    _require(request, Status.VERIFIED, Status.IN_PROGRESS, Status.EXTENDED)
    open_corrections = request.corrections.filter(state="proposed").count()
    if open_corrections:
        raise TransitionRefused(_("Decide on every proposed correction first."), "corrections_open")
    request.answer = _text(answer, "answer", required=True)
    request.status = Status.ANSWERED
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "status", "answered_at"])
    _audit(
        request, "answered", actor.pk, channel=channel, late=timezone.localdate() > request.due_on
    )
    return request


@transaction.atomic
def request_refuse(*, actor: User, request_id: int, reason: str, channel: str = "web") -> Request:
    """A reasoned refusal; the requester is told of the right to complain to the Autoriteit
    Persoonsgegevens or go to court (the portal and the package say so with the reasons)."""
    request = get_handled_request(actor, request_id)
    _require(request, *OPEN_STATUSES)
    request.refusal_reason = _text(reason, "reason", required=True)
    request.status = Status.REFUSED
    request.refused_at = timezone.now()
    request.save(update_fields=["refusal_reason", "status", "refused_at"])
    _audit(request, "refused", actor.pk, channel=channel)
    return request


@transaction.atomic
def request_close(*, actor: User, request_id: int, channel: str = "web") -> Request:
    request = get_handled_request(actor, request_id)
    _require(request, Status.ANSWERED, Status.REFUSED)
    request.status = Status.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _audit(request, "closed", actor.pk, channel=channel)
    return request


@transaction.atomic
def check_tick(*, actor: User, check_id: int, finding: str, channel: str = "web") -> SystemCheck:
    """What the school found about the child in one system, supplier or recipient."""
    board_id = handler_board_id(actor)
    if board_id is None:
        raise RequestNotFound
    check = (
        SystemCheck.objects.select_for_update()
        .filter(pk=check_id, board_id=board_id)
        .select_related("request")
        .first()
    )
    if check is None:
        raise RequestNotFound
    _require(check.request, Status.VERIFIED, Status.IN_PROGRESS, Status.EXTENDED)
    check.finding = _text(finding, "finding", required=True)
    check.checked_at = timezone.now()
    check.checked_by = actor
    check.save(update_fields=["finding", "checked_at", "checked_by"])
    _audit(check.request, "checked", actor.pk, channel=channel, source=check.source)
    return check
