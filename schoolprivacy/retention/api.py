"""Retention over the API (mounted under /api/v1/ by `api.router`).

`GET /api/v1/retention/preview?school=`: what the purge would erase now, per rule and category
(counts only); a school's preview is stored, as the first real run for that school needs a
recent one (`retention.first_run`); the whole board's preview stores its board-wide part, which
the first run of the board-wide data needs. For the privacy officer and the functional
administrator of the board (`access.retention_rights`); 404 for everyone else and for a school
outside their board.
"""

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from schoolprivacy.access.retention_rights import (
    get_school_for_retention,
    preview_counts_for_purge,
    retention_board_id,
)
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.api_ints import Id
from schoolprivacy.retention.first_run import preview_store
from schoolprivacy.retention.preview import count
from schoolprivacy.schools.models import Board

router = Router(tags=["retention"])


class PreviewRow(Schema):
    rule: str
    rule_name: str
    category: str
    count: int


class PreviewOut(Schema):
    day: date
    school: int | None
    total: int
    held: int
    rows: list[PreviewRow]


@router.get(
    "/retention/preview",
    response=PreviewOut,
    summary="What the purge would erase now, per retention rule and data category",
    description=(
        "Counts only. `school` limits it to one school's pupils and parents; without it, the "
        "whole board (staff, sign-in data and kept import files included). For the privacy "
        "officer and the functional administrator; 404 for others and for other boards' schools. "
        "Only the privacy officer's request is kept as the preview a first purge relies on."
    ),
)
def retention_preview(request: HttpRequest, school: Id | None = None) -> PreviewOut:
    user = request.user
    assert isinstance(user, User)
    board_id = retention_board_id(user)
    if board_id is None:
        raise Http404
    chosen = get_school_for_retention(user, school) if school is not None else None
    board = Board.objects.get(pk=board_id)
    counted = count(board, school_id=school)
    found = counted.preview(school)
    # Stored like the page's: the first real run for the school (or, for the whole board, of
    # the board-wide data) relies on it.
    if preview_counts_for_purge(user):
        preview_store(board, chosen, counted.part(school), actor_id=user.pk)
    return PreviewOut(
        day=found.day,
        school=school,
        total=found.total,
        held=found.held,
        rows=[
            PreviewRow(rule=rule, rule_name=name, category=key, count=count)
            for (rule, name, key), count in found.counts.items()
        ],
    )
