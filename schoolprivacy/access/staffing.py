"""Staff onboarding by the board: add, change and end staff accounts and their roles.

Who may: the board's privacy officer and functional administrator (`Duty.ADMINISTER`, in
access.duties); everyone else gets a 404. Nobody gives themselves a role that the policy forbids
for oneself (`duties.may_assign_role`). Every write is audited with field names only. A new
account has no usable password: the staff member sets one through an emailed activation link
and then links an authenticator app (the first sign-in's TOTP enrolment), or signs in through
the board's single sign-on. An end date of employment (`Staff.left_on`) ends every assignment on
that date through the policy (`selectors.employed_on`); nothing here has to delete anything.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty, may_assign_role
from schoolprivacy.access.models import BOARD_ROLES, Assignment, Role
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Staff
from schoolprivacy.schools.models import Group, School

STAFF = subject_types.STAFF
USER = subject_types.USER
ASSIGNMENT = subject_types.ASSIGNMENT
STAFF_FIELDS = ("first_name", "surname_prefix", "surname", "email", "left_on")


# --- Reads ---------------------------------------------------------------------------------------


def managed_board_id(actor: User) -> int | None:
    """The board whose staff `actor` manages today; None for everyone else (their pages 404)."""
    return board_of_duty(actor, Duty.ADMINISTER)


def managed_staff(actor: User) -> QuerySet[Staff]:
    board_id = managed_board_id(actor)
    if board_id is None:
        return Staff.objects.none()
    assignments = Assignment.objects.select_related("school", "group").order_by("-starts_on")
    return (
        Staff.objects.filter(board_id=board_id)
        .select_related("user")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )


def get_managed_staff(actor: User, staff_id: int) -> Staff:
    return get_object_or_404(managed_staff(actor), pk=staff_id)


# --- Writes --------------------------------------------------------------------------------------


def _audit(action: str, *, actor: User, staff: Staff, fields: list[str], **extra: int) -> None:
    subjects = [Subject(STAFF, staff.pk), Subject(USER, staff.user_id)]
    if "assignment" in extra:
        subjects.append(Subject(ASSIGNMENT, extra["assignment"]))
    audit_record(
        action=action,
        board_id=staff.board_id,
        actor_id=actor.pk,
        subjects=subjects,
        fields=fields,
    )


def _require_manager(actor: User, board_id: int) -> None:
    if managed_board_id(actor) != board_id:
        raise ValidationError(_("You do not manage the staff of this board."))


@transaction.atomic
def staff_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    surname_prefix: str,
    surname: str,
    email: str,
) -> Staff:
    board_id = managed_board_id(actor)
    if board_id is None:
        raise ValidationError(_("You do not manage the staff of this board."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("This username is already taken."), code="username")
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("This email address belongs to another account."), code="email")
    user = User.objects.create_user(username=username, email=email, kind=User.Kind.STAFF)
    # create_user without a password leaves an unusable one: only the activation link sets it.
    staff = Staff.objects.create(
        board_id=board_id,
        user=user,
        first_name=first_name,
        surname_prefix=surname_prefix,
        surname=surname,
        email=email,
    )
    _audit(
        "access.staff.created",
        actor=actor,
        staff=staff,
        fields=["username", *STAFF_FIELDS[:4]],
    )
    return staff


@transaction.atomic
def staff_update(*, actor: User, staff: Staff, **values: str | date | None) -> list[str]:
    """Change names, email and the end of employment; returns the changed field names."""
    _require_manager(actor, staff.board_id)
    locked = Staff.objects.select_for_update().select_related("user").get(pk=staff.pk)
    changed = [
        name for name in STAFF_FIELDS if name in values and getattr(locked, name) != values[name]
    ]
    if not changed:
        return []
    if "left_on" in changed and locked.user_id == actor.pk:
        raise ValidationError(_("Someone else ends your own employment."), code="left_on")
    email = values.get("email")
    if (
        "email" in changed
        and email
        and User.objects.filter(email__iexact=email).exclude(pk=locked.user_id).exists()
    ):
        raise ValidationError(_("This email address belongs to another account."), code="email")
    for name in changed:
        setattr(locked, name, values[name])
    locked.save(update_fields=changed)
    if "email" in changed:
        User.objects.filter(pk=locked.user_id).update(email=locked.email)
    action = (
        "access.staff.employment_ended"
        if "left_on" in changed and locked.left_on
        else "access.staff.changed"
    )
    _audit(action, actor=actor, staff=locked, fields=changed)
    return changed


@transaction.atomic
def assignment_add(
    *,
    actor: User,
    staff: Staff,
    role: str,
    school: School | None,
    group: Group | None,
    starts_on: date,
    ends_on: date | None,
) -> Assignment:
    _require_manager(actor, staff.board_id)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="role")
    if not may_assign_role(actor, staff_user_id=staff.user_id, role=role):
        raise ValidationError(
            _("You cannot give yourself this role. Ask a colleague who manages staff."),
            code="self_assignment",
        )
    if role == Role.TEACHER and group is not None:
        school = group.school
    if role in BOARD_ROLES:
        school, group = None, None
    elif school is None:
        raise ValidationError(_("Choose the school for this role."), code="school")
    if group is not None and role != Role.TEACHER:
        raise ValidationError(_("Only teachers are assigned to a group."), code="group")
    if school is not None and school.board_id != staff.board_id:
        raise ValidationError(_("Choose a school of this board."), code="school")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end date cannot be before the start date."), code="ends_on")
    if staff.left_on is not None and starts_on > staff.left_on:
        raise ValidationError(
            _("This staff member's employment has ended by then."), code="starts_on"
        )
    assignment = Assignment.objects.create(
        board_id=staff.board_id,
        staff=staff,
        role=role,
        school=school,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _audit(
        "access.assignment.created",
        actor=actor,
        staff=staff,
        fields=["role", "school", "group", "starts_on", "ends_on"],
        assignment=assignment.pk,
    )
    return assignment


@transaction.atomic
def assignment_end(*, actor: User, assignment: Assignment, ends_on: date) -> Assignment:
    """End a role on `ends_on` (its last day). Ending is allowed on one's own roles too."""
    staff = assignment.staff
    _require_manager(actor, staff.board_id)
    if ends_on < assignment.starts_on:
        raise ValidationError(_("The end date cannot be before the start date."), code="ends_on")
    # Lengthening a role is giving it anew: the same rule as adding one.
    lengthened = assignment.ends_on is not None and ends_on > assignment.ends_on
    if lengthened and not may_assign_role(actor, staff_user_id=staff.user_id, role=assignment.role):
        raise ValidationError(
            _("You cannot give yourself this role. Ask a colleague who manages staff."),
            code="self_assignment",
        )
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    _audit(
        "access.assignment.ended",
        actor=actor,
        staff=staff,
        fields=["ends_on"],
        assignment=assignment.pk,
    )
    return assignment


def activation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:activate", args=[uid, token])


def activation_send(*, actor: User, staff: Staff) -> bool:
    """Email the staff member a link to set a password; False when there is no address.

    The link goes only to the staff member's own work address, never to the page of the person
    who manages staff: whoever sets the password and links the authenticator app is the account.
    """
    _require_manager(actor, staff.board_id)
    if not staff.email:
        return False
    link = settings.SITE_URL + activation_path(staff.user)
    send_mail(
        subject=_("Your Schoolprivacy account"),
        message=_(
            "Hello %(name)s,\n\nAn account for Schoolprivacy was made for you. Choose a password "
            "here, then link an authenticator app on your phone:\n\n%(link)s\n\nThe link works "
            "once and for a few days. Did you not expect this email? Then ignore it."
        )
        % {"name": staff.first_name, "link": link},
        from_email=None,
        recipient_list=[staff.email],
    )
    _audit("access.staff.activation_sent", actor=actor, staff=staff, fields=[])
    return True
