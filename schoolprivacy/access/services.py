"""Writes of the access app: exception grants and emergency (break-glass) access. All audited."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, may, may_for_pupil
from schoolprivacy.access.models import BreakGlassAccess, Grant
from schoolprivacy.access.policy import BREAK_GLASS_HOURS, PUPIL_KEYS, decide, retention_cutoff
from schoolprivacy.access.reads import BREAK_GLASS_OPENED, reader_roles
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.access.tasks import notify_break_glass
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.schools.models import Group, School

# An exception is reviewed at least once a school year: no grant runs longer than this.
GRANT_MAX_DAYS = 366
# "Emergency" alone explains nothing to the privacy officer who reviews it.
BREAK_GLASS_REASON_MIN_LENGTH = 10


def may_approve_grants(user: User, school: School) -> bool:
    """The location director of the school, or the privacy officer of its board."""
    if scope_for(user).board_id != school.board_id:
        return False
    return may(user, Duty.APPROVE_GRANTS, school_id=school.pk, board_id=school.board_id)


def _staff_of(user: User) -> Staff:
    staff = getattr(user, "staff", None)
    if staff is None:
        raise ValidationError(_("Only staff members can do this."))
    return staff


def _check_grant_scope(
    *, school: School, scope: str, group: Group | None, pupils: list[Pupil]
) -> None:
    if scope == Grant.Scope.GROUP:
        if group is None or group.school_id != school.pk:
            raise ValidationError(_("Choose a group of this school."), code="group")
    elif group is not None:
        raise ValidationError(_("Only a grant for a group names a group."), code="group")
    if scope == Grant.Scope.PUPILS:
        if not pupils or any(p.school_id != school.pk for p in pupils):
            raise ValidationError(_("Choose one or more pupils of this school."), code="pupils")
    elif pupils:
        raise ValidationError(_("Only a grant for specific pupils lists pupils."), code="pupils")
    if scope not in Grant.Scope.values:
        raise ValidationError(_("Choose which pupils the grant covers."), code="scope")


def _check_grant_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError(_("A grant cannot end before it starts."), code="ends_on")
    if ends_on < timezone.localdate():
        raise ValidationError(_("This end date has already passed."), code="ends_on")
    if (ends_on - starts_on).days > GRANT_MAX_DAYS:
        raise ValidationError(
            _("A grant runs for at most one year; approve a new one when it is still needed."),
            code="ends_on",
        )


@transaction.atomic
def grant_create(
    *,
    approver: User,
    grantee: Staff,
    school: School,
    category_key: str,
    scope: str,
    starts_on: date,
    ends_on: date,
    reason: str,
    group: Group | None = None,
    pupils: Iterable[Pupil] = (),
    channel: str = "web",
) -> Grant:
    """Approve an exception: `grantee` may read `category_key` of the covered pupils."""
    approving = _staff_of(approver)
    pupil_list = list(pupils)
    if not may_approve_grants(approver, school):
        raise ValidationError(_("You cannot approve exceptions for this school."))
    if grantee.board_id != school.board_id:
        raise ValidationError(_("Choose a staff member of this board."), code="grantee")
    if grantee.pk == approving.pk:
        raise ValidationError(_("You cannot approve an exception for yourself."), code="grantee")
    if category_key not in PUPIL_KEYS:
        raise ValidationError(_("Choose a category of pupil data."), code="category_key")
    _check_grant_scope(school=school, scope=scope, group=group, pupils=pupil_list)
    _check_grant_dates(starts_on, ends_on)
    if not reason.strip():
        raise ValidationError(_("Say why this exception is needed."), code="reason")
    grant = Grant.objects.create(
        board_id=school.board_id,
        school=school,
        grantee=grantee,
        category_key=category_key,
        scope=scope,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        approved_by=approving,
        approved_at=timezone.now(),
    )
    grant.pupils.set(pupil_list)
    audit_record(
        action="access.grant.created",
        board_id=school.board_id,
        actor_id=approver.pk,
        subjects=[
            Subject(subject_types.GRANT, grant.pk),
            Subject(subject_types.USER, grantee.user_id),
            Subject(subject_types.SCHOOL, school.pk),
            *(Subject(subject_types.GROUP, group.pk) for group in [group] if group is not None),
            *(Subject(subject_types.PUPIL, p.pk) for p in pupil_list),
        ],
        fields=["grantee", "category_key", "scope", "starts_on", "ends_on", "reason"],
        context={
            "category": category_key,
            "scope": scope,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
        channel=channel,
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: User, grant: Grant, channel: str = "web") -> Grant:
    """End a grant now. Its history stays: revoked grants are kept, never deleted."""
    revoking = _staff_of(actor)
    if not may_approve_grants(actor, grant.school):
        raise ValidationError(_("You cannot revoke exceptions for this school."))
    if grant.revoked_at is not None:
        raise ValidationError(_("This exception was already revoked."))
    grant.revoked_at = timezone.now()
    grant.revoked_by = revoking
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action="access.grant.revoked",
        board_id=grant.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.GRANT, grant.pk),
            Subject(subject_types.USER, grant.grantee.user_id),
        ],
        fields=["revoked_at", "revoked_by"],
        context={"category": grant.category_key},
        channel=channel,
    )
    return grant


def may_open_break_glass(user: User, pupil: Pupil) -> bool:
    """Staff with a role of `Duty.OPEN_BREAK_GLASS` at the pupil's school who may already see the
    pupil's name, while the data is kept (decision 0023). Anyone else gets a 404, so the page
    never confirms that a pupil exists; board roles do not open emergency access.
    """
    if not may_for_pupil(user, Duty.OPEN_BREAK_GLASS, pupil):
        return False
    if pupil.left_on is not None and pupil.left_on < retention_cutoff(timezone.localdate()):
        return False
    return decide(user, pupil, "pupil.identity").allowed


@transaction.atomic
def break_glass_open(
    *, user: User, pupil: Pupil, reason: str, channel: str = "web"
) -> BreakGlassAccess:
    """Open every category of one pupil to `user` for BREAK_GLASS_HOURS, and tell the officer."""
    staff = _staff_of(user)
    if not may_open_break_glass(user, pupil):
        raise ValidationError(_("You cannot open emergency access to this pupil."))
    reason = reason.strip()
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError(
            _("Describe the emergency in at least %(count)d characters."),
            code="reason",
            params={"count": BREAK_GLASS_REASON_MIN_LENGTH},
        )
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        board_id=pupil.board_id,
        staff=staff,
        pupil=pupil,
        reason=reason,
        opened_at=now,
        expires_at=now + timedelta(hours=BREAK_GLASS_HOURS),
    )
    audit_record(
        action=BREAK_GLASS_OPENED,
        board_id=pupil.board_id,
        actor_id=user.pk,
        subjects=[
            Subject(subject_types.PUPIL, pupil.pk),
            Subject(subject_types.USER, user.pk),
            Subject(subject_types.BREAK_GLASS, access.pk),
        ],
        fields=["reason"],
        context={
            "hours": BREAK_GLASS_HOURS,
            "school": pupil.school_id,
            "roles": reader_roles(user, pupil),
        },
        channel=channel,
    )
    # Enqueued inside the transaction: with the database queue the task row commits together
    # with the access, so the officer is told about every emergency access that exists.
    notify_break_glass.enqueue(break_glass_id=access.pk)
    return access
