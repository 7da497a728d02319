"""How long videos are kept: as photos (photos/retention.py), by the register's rule for the
photos activity ("photos and video of pupils").

A video serves its purpose while it is published somewhere and until the end of the school year
of its event; then the rule's extra period counts (none by default), and the video is deleted
with its poster, publications and files.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos import storage
from schoolprivacy.photos.retention import ACTIVITY, _add, _school_year_end
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board, SchoolYear
from schoolprivacy.videos.models import Video, VideoPublication


@dataclass(frozen=True)
class Plan:
    rule_code: str
    video_ids: list[int]


def videos_past_purpose(board: Board, *, on: date | None = None) -> Plan:
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
    live = VideoPublication.objects.filter(status=VideoPublication.Status.LIVE).values("video_id")
    candidates = (
        Video.objects.filter(board=board)
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
def videos_purge(
    *, board: Board, actor_id: int | None, on: date | None = None, dry_run: bool = True
) -> int:
    """Delete the videos whose time is up, with their publications and files; logged as a
    count under the rule."""
    plan = videos_past_purpose(board, on=on)
    if dry_run or not plan.video_ids:
        return len(plan.video_ids)
    videos = Video.objects.filter(pk__in=plan.video_ids)
    files = [name for pair in videos.values_list("original", "poster") for name in pair if name]
    files += [
        name
        for name in VideoPublication.objects.filter(video__in=videos).values_list(
            "rendition", flat=True
        )
        if name
    ]
    videos.delete()
    transaction.on_commit(lambda: [storage.remove(name) for name in files])  # type: ignore[func-returns-value]
    audit_record(
        action="videos.videos.purged",
        board_id=board.pk,
        actor_id=actor_id,
        context={"count": len(plan.video_ids), "rule": plan.rule_code},
        channel="command",
    )
    return len(plan.video_ids)
