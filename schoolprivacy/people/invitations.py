"""Invitations to the portal, per school or group (issue 13.2).

A round invites every account behind the school's (or group's) pupils that may use the portal
now: parents and voogden with parental authority and no information restriction, and pupils
aged 16+. The preview also names who cannot be invited, and why, so the administration can ask
for a missing address or tell a parent how to reach the school. An invitation is an emailed
sign-in link that lasts `INVITATION_DAYS`; sending it again or revoking it voids the earlier link.

People who are not invited still have their account (people.accounts): a parent without
authority who asks for a link signs in and sees how to ask the school for information.
"""

import enum
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.accounts.models import ParentSignInLink, User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.accounts import PUPIL_ACCOUNT_AGE, current_link_q
from schoolprivacy.people.models import GuardianRelation, Invitation, Pupil
from schoolprivacy.schools.models import Group, School

INVITATION_DAYS = 14


class Reason(enum.StrEnum):
    NO_EMAIL = "no_email"
    NO_AUTHORITY = "no_authority"
    RESTRICTION = "restriction"
    NO_ACCOUNT = "no_account"


REASONS = {
    Reason.NO_EMAIL: _("no email address in the pupil administration"),
    Reason.NO_AUTHORITY: _("no parental authority: information on request only"),
    Reason.RESTRICTION: _("information restriction"),
    Reason.NO_ACCOUNT: _("the address belongs to another account; ask the privacy officer"),
}


@dataclass
class Invitee:
    user: User
    names: list[str] = field(default_factory=list)  # the guardian or pupil, as the school has it
    children: list[str] = field(default_factory=list)
    is_pupil: bool = False


@dataclass(frozen=True)
class Left:
    name: str
    child: str
    reason: Reason

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


@dataclass
class Preview:
    invite: list[Invitee] = field(default_factory=list)
    cannot: list[Left] = field(default_factory=list)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, month=3, day=1)


def _pupils(school: School, group: Group | None, day: date) -> Q:
    q = Q(pupil__school=school) & (Q(pupil__left_on__isnull=True) | Q(pupil__left_on__gte=day))
    if group is not None:
        q &= Q(pupil__memberships__group=group, pupil__memberships__starts_on__lte=day) & (
            Q(pupil__memberships__ends_on__isnull=True) | Q(pupil__memberships__ends_on__gte=day)
        )
    return q


def invitation_preview(*, school: School, group: Group | None = None) -> Preview:
    """Who a round for `school` (or one of its groups) invites, and who it cannot, and why.

    The caller has looked up `school` and `group` through the acting user's selectors."""
    day = timezone.localdate()
    preview = Preview()
    by_user: dict[int, Invitee] = {}
    relations = (
        GuardianRelation.objects.filter(current_link_q(day), _pupils(school, group, day))
        .filter(board_id=school.board_id)
        .select_related("guardian__user", "pupil")
        .order_by("pupil__surname", "pupil__first_name", "guardian__surname", "pk")
        .distinct()
    )
    for relation in relations:
        guardian, child = relation.guardian, relation.pupil.name
        reason = None
        if not guardian.email:
            reason = Reason.NO_EMAIL
        elif relation.information_restriction:
            reason = Reason.RESTRICTION
        elif not relation.has_parental_authority:
            reason = Reason.NO_AUTHORITY
        elif guardian.user is None or not guardian.user.is_active:
            reason = Reason.NO_ACCOUNT
        if reason is not None:
            preview.cannot.append(Left(guardian.name, child, reason))
            continue
        assert guardian.user is not None
        entry = by_user.setdefault(guardian.user.pk, Invitee(guardian.user))
        if guardian.name not in entry.names:
            entry.names.append(guardian.name)
        entry.children.append(child)
    preview.invite = list(by_user.values())
    # Pupils who decide themselves (16+) are invited the same way.
    pupil_q = Q(school=school, date_of_birth__lte=_years_before(day, PUPIL_ACCOUNT_AGE)) & (
        Q(left_on__isnull=True) | Q(left_on__gte=day)
    )
    pupils = Pupil.objects.filter(pupil_q).select_related("user").order_by("surname", "pk")
    if group is not None:
        pupils = pupils.filter(
            Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=day),
            memberships__group=group,
            memberships__starts_on__lte=day,
        ).distinct()
    for pupil in pupils:
        if pupil.user is not None and pupil.user.is_active and pupil.user.email:
            preview.invite.append(Invitee(pupil.user, [pupil.name], [pupil.name], is_pupil=True))
        else:
            reason = Reason.NO_EMAIL if not pupil.email else Reason.NO_ACCOUNT
            preview.cannot.append(Left(pupil.name, pupil.name, reason))
    return preview


def live_invitations(school: School) -> QuerySet[Invitation]:
    """The school's invitations that are not revoked, newest first, for the round page."""
    return (
        Invitation.objects.filter(board_id=school.board_id, school=school, revoked_at__isnull=True)
        .select_related("user", "link")
        .order_by("-sent_at", "-pk")
    )


@dataclass(frozen=True)
class Round:
    sent: int
    already: int


@transaction.atomic
def invitations_send(
    *, school: School, group: Group | None, actor: User | None, channel: str
) -> Round:
    """Invite everyone the preview invites who has no open invitation of this school yet."""
    preview = invitation_preview(school=school, group=group)
    now = timezone.now()
    open_ids = set(
        Invitation.objects.filter(school=school, revoked_at__isnull=True)
        # An invitation whose email is still on its way has no link yet; it is open too.
        .filter(Q(link__isnull=True) | Q(link__used_at__isnull=True, link__expires_at__gt=now))
        .values_list("user_id", flat=True)
    )
    sent = already = 0
    for invitee in preview.invite:
        if invitee.user.pk in open_ids:
            already += 1
            continue
        _invite(school=school, user=invitee.user, actor=actor, channel=channel)
        sent += 1
    audit_record(
        action="people.invitation.round_sent",
        board_id=school.board_id,
        actor_id=actor.pk if actor else None,
        subjects=[Subject(subject_types.SCHOOL, school.pk)],
        context={"sent": sent, "already": already, "group": group.pk if group else None},
        channel=channel,
    )
    return Round(sent, already)


def _invite(*, school: School, user: User, actor: User | None, channel: str) -> Invitation:
    from schoolprivacy.people.tasks import send_invitation

    invitation = Invitation.objects.create(
        board_id=school.board_id,
        school=school,
        user=user,
        sent_at=timezone.now(),
        sent_by=actor,
    )
    audit_record(
        action="people.invitation.sent",
        board_id=school.board_id,
        actor_id=actor.pk if actor else None,
        subjects=[
            Subject(subject_types.USER, user.pk),
            Subject(subject_types.INVITATION, invitation.pk),
        ],
        channel=channel,
    )
    # Only the invitation's ID travels through the queue; the task makes the link and mails it.
    transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation.pk))
    return invitation


def _void_link(invitation: Invitation) -> None:
    if invitation.link_id is not None:
        ParentSignInLink.objects.filter(pk=invitation.link_id, used_at__isnull=True).update(
            used_at=timezone.now()
        )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User, channel: str = "web") -> None:
    """The link in the email stops working; the account itself stays (it follows the import)."""
    if invitation.revoked_at is not None:
        return
    _void_link(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        action="people.invitation.revoked",
        board_id=invitation.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.USER, invitation.user_id),
            Subject(subject_types.INVITATION, invitation.pk),
        ],
        fields=["revoked_at"],
        channel=channel,
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User, channel: str = "web") -> Invitation:
    """A fresh invitation with a new link; the earlier link no longer works."""
    invitation_revoke(invitation=invitation, actor=actor, channel=channel)
    return _invite(school=invitation.school, user=invitation.user, actor=actor, channel=channel)
