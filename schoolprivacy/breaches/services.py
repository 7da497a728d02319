"""Writes of the breach register: report, triage, decisions, follow-ups, closing. In a
transaction, audited with codes and counts only (never the description or names).

Nothing deletes an incident: closing it keeps it in the register (GDPR art. 33(5)).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.incidents import breach_register_board_id, reporting_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.breaches.impact import categories_for_systems, pupils_concerned
from schoolprivacy.breaches.models import Breach, FollowUp, ReporterKind, Risk, Status
from schoolprivacy.people.models import Pupil

MAX_SYSTEMS = 20
EARLIEST_AWARE_AT = datetime(2018, 5, 25, tzinfo=UTC)  # the GDPR applies from this day
# The triage's moments: none lies in the future, nobody is told before the school was aware.
_MOMENTS = ("started_at", "ended_at", "inspectorate_informed_at", "ap_notified_at")
_TOLD = ("inspectorate_informed_at", "ap_notified_at", "subjects_informed_at")


def _clean_systems(systems: Iterable[str]) -> list[str]:
    found = list(dict.fromkeys(s.strip() for s in systems if s and s.strip()))
    if len(found) > MAX_SYSTEMS or any(len(s) > 100 for s in found):
        raise ValidationError(_("Name at most 20 systems."), code="systems")
    return found


def _compute_impact(breach: Breach) -> None:
    impact = categories_for_systems(breach.board_id, breach.systems)
    breach.categories = list(impact.categories)
    breach.affected_pupils = pupils_concerned(breach.board_id, impact).count()


def _audit(breach: Breach, action: str, actor_id: int | None, channel: str, **context: Any) -> None:
    audit_record(
        action=f"breaches.breach.{action}",
        board_id=breach.board_id,
        actor_id=actor_id,
        subjects=[Subject(subject_types.BREACH, breach.pk)],
        context=context,
        channel=channel,
    )


@transaction.atomic
def breach_report(
    *,
    actor: User,
    aware_at: datetime,
    description: str,
    systems: Iterable[str] = (),
    supplier_name: str = "",
    channel: str = "web",
) -> Breach:
    """A staff member reports an incident (or records a supplier's report)."""
    board_id = reporting_board_id(actor)
    if board_id is None:
        raise PermissionDenied
    return _report(
        board_id=board_id,
        kind=ReporterKind.SUPPLIER if supplier_name.strip() else ReporterKind.STAFF,
        actor=actor,
        aware_at=aware_at,
        description=description,
        systems=systems,
        supplier_name=supplier_name.strip(),
        channel=channel,
    )


@transaction.atomic
def breach_report_by_pupil(*, pupil: Pupil, description: str) -> Breach:
    """A pupil reports an incident through the pupil's form: the school is aware from now."""
    return _report(
        board_id=pupil.board_id,
        kind=ReporterKind.PUPIL,
        actor=pupil.user,
        aware_at=timezone.now(),
        description=description,
        systems=(),
        supplier_name="",
        channel="web",
    )


def _report(
    *,
    board_id: int,
    kind: str,
    actor: User | None,
    aware_at: datetime,
    description: str,
    systems: Iterable[str],
    supplier_name: str,
    channel: str,
) -> Breach:
    if timezone.is_naive(aware_at):
        raise ValidationError(_("Give the time with its time zone."), code="aware_at")
    if aware_at > timezone.now():
        raise ValidationError(
            _("The moment of becoming aware cannot be in the future."), code="aware_at"
        )
    if aware_at < EARLIEST_AWARE_AT:
        # Also keeps the clock's arithmetic in range (year 1 plus 72 hours in UTC overflows).
        raise ValidationError(
            _("The register holds incidents since the GDPR applies (25 May 2018)."),
            code="aware_at",
        )
    if not description.strip():
        raise ValidationError(_("Describe what happened."), code="description")
    breach = Breach(
        board_id=board_id,
        reporter_kind=kind,
        reported_by=actor,
        supplier_name=supplier_name,
        aware_at=aware_at,
        description=description.strip(),
        systems=_clean_systems(systems),
    )
    _compute_impact(breach)
    breach.save()
    _audit(
        breach,
        "reported",
        actor.pk if actor else None,
        channel,
        reporter=kind,
        systems=len(breach.systems),
        categories=list(breach.categories),
        pupils=breach.affected_pupils,
    )
    return breach


def _officer_check(actor: User, breach: Breach) -> Breach:
    if breach_register_board_id(actor) != breach.board_id:
        raise PermissionDenied
    return Breach.objects.select_for_update().get(pk=breach.pk)


TRIAGE_FIELDS = (
    "systems",
    "risk",
    "risk_assessment",
    "confidentiality",
    "integrity",
    "availability",
    "started_at",
    "ended_at",
    "cause",
    "consequences",
    "measures",
    "exam_results",
    "inspectorate_informed_at",
    "ap_notified_at",
    "ap_reference",
    "not_notified_reason",
    "inform_subjects",
    "inform_reason",
    "subjects_informed_at",
    "evaluation",
)


def _check_moments(breach: Breach) -> None:
    """Aware, not in the future, told only after becoming aware, ended only after it started:
    otherwise 'notified within 72 hours' in the annual report counts what never happened."""
    now = timezone.now()
    for name in (*_MOMENTS, "subjects_informed_at"):
        value = getattr(breach, name)
        if value is None:
            continue
        if timezone.is_naive(value):
            raise ValidationError(_("Give the time with its time zone."), code=name)
        if value > now:
            raise ValidationError(_("A moment in the future cannot be recorded yet."), code=name)
        if name in _TOLD and value < breach.aware_at:
            raise ValidationError(
                _("Nobody can have been told before the school became aware of the incident."),
                code=name,
            )
    if breach.started_at and breach.ended_at and breach.ended_at < breach.started_at:
        raise ValidationError(_("The incident cannot end before it started."), code="ended_at")


@transaction.atomic
def breach_triage(
    *, actor: User, breach: Breach, changes: dict[str, Any], channel: str = "web"
) -> Breach:
    """The privacy officer assesses the incident and records the decisions (the AP form's
    fields). The systems may be corrected; the impact is computed again from the data map."""
    locked = _officer_check(actor, breach)
    unknown = set(changes) - set(TRIAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not triage fields: {sorted(unknown)}")
    if locked.status == Status.CLOSED:
        raise ValidationError(_("A closed incident is no longer changed."), code="closed")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name in changed:
        value = changes[name]
        setattr(locked, name, _clean_systems(value) if name == "systems" else value)
    if (
        locked.risk == Risk.HIGH
        and locked.inform_subjects is False
        and not locked.inform_reason.strip()
    ):
        # GDPR art. 34(3): not telling the people concerned despite a high risk needs a reason.
        raise ValidationError(
            _("With a high risk, give the reasons for not telling the people concerned."),
            code="inform_reason",
        )
    _check_moments(locked)
    _compute_impact(locked)
    locked.save()
    _audit(
        locked,
        "triaged",
        actor.pk,
        channel,
        risk=locked.risk,
        changed=sorted(changed),
        notified=locked.ap_notified_at is not None,
        pupils=locked.affected_pupils,
    )
    return locked


@transaction.atomic
def follow_up_add(
    *, actor: User, breach: Breach, description: str, due_on: date | None, channel: str = "web"
) -> FollowUp:
    locked = _officer_check(actor, breach)
    if not description.strip():
        raise ValidationError(_("Describe the follow-up."), code="description")
    row = FollowUp.objects.create(
        board_id=locked.board_id,
        breach=locked,
        description=description.strip(),
        due_on=due_on,
        created_by=actor,
    )
    _audit(locked, "follow_up_added", actor.pk, channel, follow_up=row.pk)
    return row


@transaction.atomic
def follow_up_done(*, actor: User, follow_up: FollowUp, channel: str = "web") -> FollowUp:
    locked = _officer_check(actor, follow_up.breach)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        _audit(locked, "follow_up_done", actor.pk, channel, follow_up=follow_up.pk)
    return follow_up


@transaction.atomic
def breach_close(*, actor: User, breach: Breach, channel: str = "web") -> Breach:
    """Close after the evaluation. The incident stays in the register."""
    locked = _officer_check(actor, breach)
    if locked.status == Status.CLOSED:
        return locked
    if locked.risk == Risk.UNASSESSED:
        raise ValidationError(_("Assess the risk before closing."), code="risk")
    if not locked.evaluation.strip():
        raise ValidationError(_("Write the evaluation before closing."), code="evaluation")
    if locked.follow_ups.filter(done_at__isnull=True).exists():
        raise ValidationError(_("Finish the follow-ups before closing."), code="follow_ups")
    locked.status = Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _audit(locked, "closed", actor.pk, channel, risk=locked.risk)
    return locked
