"""Reads of the register, already limited to what the acting user may see (404 otherwise).

The register is kept by the board's privacy officer: only they open the register pages. Every
staff member of the board may read the active register through the API (it is not secret: the
public statement is made from it). Anyone may read the public statement of a school.
"""

from datetime import datetime

from django.db.models import Max, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from schoolprivacy.access.duties import Duty, board_of_duty, staff_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity, RetentionRule
from schoolprivacy.schools.models import Board, School
from schoolprivacy.taxonomy import Subject


def register_board_for(user: User) -> Board:
    """The board whose register this user keeps: only its privacy officer; 404 for anyone else."""
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return Board.objects.get(pk=board_id)


def activities_for_officer(board: Board) -> QuerySet[ProcessingActivity]:
    """All activities of the officer's board, inactive ones included (they keep their history)."""
    return ProcessingActivity.objects.filter(board=board).select_related("retention_rule")


def get_activity_for_officer(user: User, activity_id: int) -> ProcessingActivity:
    board = register_board_for(user)
    return get_object_or_404(activities_for_officer(board), pk=activity_id)


def retention_rules_for(board: Board) -> QuerySet[RetentionRule]:
    return RetentionRule.objects.filter(board=board)


def activity_history(activity: ProcessingActivity) -> QuerySet[ActivityVersion]:
    return ActivityVersion.objects.filter(activity=activity).order_by("-number")


def activities_for_staff(user: User) -> tuple[QuerySet[ProcessingActivity], bool]:
    """The register as the API shows it, and whether the caller gets every field.

    Board roles (privacy officer, functional administrator) get everything, inactive activities
    included. Other staff of the board get the active register without the internal fields.
    """
    board_id = staff_board_id(user)
    if board_id is None:
        return ProcessingActivity.objects.none(), False
    activities = ProcessingActivity.objects.filter(board_id=board_id).select_related(
        "retention_rule"
    )
    full = board_of_duty(user, Duty.SEE_FULL_REGISTER) is not None
    if not full:
        activities = activities.filter(is_active=True)
    return activities.order_by("name", "pk"), full


# --- The public statement -------------------------------------------------------------------


def school_for_statement(slug: str) -> School:
    return get_object_or_404(School.objects.select_related("board"), slug=slug)


def statement_activities(school: School) -> list[ProcessingActivity]:
    """The active activities that concern this school's pupils or their parents.

    Staff data is left out: this statement is written for parents and pupils.
    """
    activities = ProcessingActivity.objects.filter(board_id=school.board_id, is_active=True)
    readers = {Subject.PUPIL.value, Subject.GUARDIAN.value}
    return [
        activity
        for activity in activities.select_related("retention_rule").order_by("pk")
        if activity.applies_to(school.kind) and readers & set(activity.data_subjects)
    ]


def register_last_changed(board_id: int) -> datetime | None:
    """When the board's register last changed: the newest version of any of its activities."""
    newest: datetime | None = ActivityVersion.objects.filter(board_id=board_id).aggregate(
        newest=Max("changed_at")
    )["newest"]
    return newest
