"""How long photos are kept (issue 6, point 6; domain.md, Retention: "as long as the consented
purpose lasts"), driven by the register.

A photo serves its purpose while it is published somewhere, and until the end of the school
year of its event, so the school can still choose what to publish. After that the register's
retention rule for the photos activity counts: with the default rule ("as long as consent
lasts", no extra period) the photo is deleted when its purpose has ended. A board that keeps
photos longer (a yearbook, an archive) says so in its register and the period is added.

When a publication was taken offline after the school year ended, the purpose ended then.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board, SchoolYear

ACTIVITY = "photos"


def _add(day: date, years: int, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _school_year_end(years: list[SchoolYear], day: date) -> date:
    for year in years:
        if year.contains(day):
            return year.ends_on
    # No school year on file for that day: the Dutch school year ends on 31 July.
    return date(day.year if day.month < 8 else day.year + 1, 7, 31)


@dataclass(frozen=True)
class Plan:
    rule_code: str
    photo_ids: list[int]


def photos_past_purpose(board: Board, *, on: date | None = None) -> Plan:
    """The photos of the board whose purpose ended and whose retention period has passed."""
    day = on or timezone.localdate()
    activity = (
        ProcessingActivity.objects.filter(board=board, key=ACTIVITY)
        .select_related("retention_rule")
        .first()
    )
    if activity is None:  # no register entry: nothing may be decided here, keep everything
        return Plan("", [])
    rule = activity.retention_rule
    years = list(SchoolYear.objects.filter(board=board))
    live = Publication.objects.filter(status=Publication.Status.LIVE).values("photo_id")
    candidates = (
        Photo.objects.filter(board=board)
        .exclude(pk__in=live)
        .annotate(last_withdrawal=Max("publications__withdrawn_at"))
        .values_list("pk", "event__held_on", "last_withdrawal")
    )
    expired = []
    for pk, held_on, last_withdrawal in candidates:
        ended = _school_year_end(years, held_on)
        if isinstance(last_withdrawal, datetime):
            ended = max(ended, timezone.localdate(last_withdrawal))
        if _add(ended, rule.years, rule.months) < day:
            expired.append(pk)
    return Plan(rule.code, expired)


@transaction.atomic
def photos_purge(
    *, board: Board, actor_id: int | None, on: date | None = None, dry_run: bool = True
) -> int:
    """Delete the photos whose time is up, with their faces, publications and files.

    Logged as a count under the rule, never with what was on the photos (domain.md: deletion
    is logged without the deleted values).
    """
    plan = photos_past_purpose(board, on=on)
    if dry_run or not plan.photo_ids:
        return len(plan.photo_ids)
    photos = Photo.objects.filter(pk__in=plan.photo_ids)
    files = list(photos.values_list("original", flat=True)) + [
        name
        for name in Publication.objects.filter(photo__in=photos).values_list("rendition", flat=True)
        if name
    ]
    photos.delete()
    transaction.on_commit(lambda: [storage.remove(name) for name in files])  # type: ignore[func-returns-value]
    audit_record(
        action="photos.photos.purged",
        board_id=board.pk,
        actor_id=actor_id,
        context={"count": len(plan.photo_ids), "rule": plan.rule_code},
        channel="command",
    )
    return len(plan.photo_ids)
