"""Consent rounds on a page (issue 19): the privacy officer starts a round for a set of purposes,
follows how many pupils have an answer per group, and sends the reminder now instead of waiting
for the nightly task. Rounds were settings in the admin only.

Who: the board's overseers (Duty.OVERSEE, the privacy officer); everyone else gets a 404. Counts
only, never names: the round pages show numbers per group, like the counts per school.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents.models import ConsentRound, Purpose
from schoolprivacy.consents.reminders import remind_round
from schoolprivacy.consents.rules import UNANSWERED, statuses_for_pupils
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group, School


def round_board_id(user: User) -> int:
    """The board whose rounds this user keeps; 404 for everyone else."""
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return board_id


def rounds_for(user: User) -> QuerySet[ConsentRound]:
    return (
        ConsentRound.objects.filter(board_id=round_board_id(user))
        .select_related("school")
        .prefetch_related("purposes")
        .order_by("-opens_on", "name")
    )


def get_round_for(user: User, round_id: int) -> ConsentRound:
    return get_object_or_404(rounds_for(user), pk=round_id)


@transaction.atomic
def consent_round_create(
    *,
    actor: User,
    name: str,
    school: School | None,
    purposes: list[Purpose],
    opens_on: date,
    deadline: date,
    closes_collection: bool,
    reminder_days_before: int,
) -> ConsentRound:
    board_id = round_board_id(actor)
    consent_round = ConsentRound.objects.create(
        board_id=board_id,
        school=school,
        name=name,
        opens_on=opens_on,
        deadline=deadline,
        closes_collection=closes_collection,
        reminder_days_before=reminder_days_before,
    )
    consent_round.purposes.set(purposes)
    audit_record(
        action="consents.round.created",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.CONSENT_ROUND, consent_round.pk)],
        fields=["name", "school", "purposes", "opens_on", "deadline", "closes_collection"],
    )
    return consent_round


def consent_round_remind_now(*, actor: User, consent_round: ConsentRound) -> bool:
    """The round's one reminder, now; False when it was sent already or the round is not open."""
    round_board_id(actor)
    today = timezone.localdate()
    if consent_round.reminded_on is not None or not (
        consent_round.opens_on <= today <= consent_round.deadline
    ):
        return False
    return remind_round(consent_round, today, actor_id=actor.pk, channel="web")


@dataclass(frozen=True)
class GroupProgress:
    group: Group
    pupils: int
    answered: list[int]  # per purpose of the round, in the round's order


def round_progress(consent_round: ConsentRound) -> tuple[list[Purpose], list[GroupProgress]]:
    """Per current group of the round's school(s): pupils, and how many have an answer (granted,
    refused, withdrawn or disputed) per purpose. A fixed number of queries."""
    today = timezone.localdate()
    purposes = sorted(consent_round.purposes.all(), key=lambda p: p.name)
    groups = Group.objects.filter(
        board_id=consent_round.board_id,
        school_year__starts_on__lte=today,
        school_year__ends_on__gte=today,
    ).select_related("school")
    if consent_round.school_id is not None:
        groups = groups.filter(school_id=consent_round.school_id)
    memberships = list(
        GroupMembership.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            group__in=groups,
            starts_on__lte=today,
        )
        .filter(Q(pupil__left_on__isnull=True) | Q(pupil__left_on__gte=today))
        .select_related("pupil")
    )
    pupils: dict[int, Pupil] = {m.pupil_id: m.pupil for m in memberships}
    statuses = statuses_for_pupils(list(pupils.values()), purposes)
    per_group: dict[int, list[int]] = {}
    for membership in memberships:
        per_group.setdefault(membership.group_id, []).append(membership.pupil_id)
    rows = []
    for group in sorted(groups, key=lambda g: (g.school.name, g.name)):
        members = per_group.get(group.pk, [])
        answered: Counter[int] = Counter()
        for pupil_id in members:
            for purpose in purposes:
                status = statuses.get((pupil_id, purpose.pk))
                if status is not None and status.status != UNANSWERED:
                    answered[purpose.pk] += 1
        rows.append(GroupProgress(group, len(members), [answered[p.pk] for p in purposes]))
    return purposes, rows
