"""Consent changed, videos follow (issue 20, point 4; decisions 0016 and 0034).

The rule of photos holds for videos: a live publication is always consistent with the consent
status now. The consent outbox calls `consent_changed` after every change that can make consent
allow less; each live video publication it may touch goes through the gate again:

- still every listed pupil consented: nothing changes;
- a blurring channel: a publication that showed faces gets a new version with every face
  blurred; its old file is deleted at commit and the public address answers 404 until the
  worker made the blurred one, so no unblurred frame is served meanwhile;
- a blocking channel (or no purpose, or the channel switched off): the publication is taken
  offline.

The location director is told (after commit) what changed and which copies placed by hand must
be removed. Locks in the order of photos: the video's row, the publication, the channel, the
pupils, the purposes (consents/locks.py). Automatic changes only ever hide more: a blurred
publication is never un-blurred without a person publishing again.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.access.duties import Duty, duty_holders
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.subjects import VIDEO_PUBLICATION
from schoolprivacy.consents import locks
from schoolprivacy.consents.models import ConsentEvent, EventKind, Purpose
from schoolprivacy.consents.outbox import send_after_commit
from schoolprivacy.photos.models import Channel, Publication
from schoolprivacy.videos import storage
from schoolprivacy.videos.gate import VideoGate, evaluate
from schoolprivacy.videos.models import (
    Video,
    VideoPublication,
    VideoPublicationPupil,
    VideoPupil,
    VideoTakedown,
)

RECHECK_KINDS = (
    EventKind.WITHDRAWN,
    EventKind.REFUSED,
    EventKind.DISPUTE_OPENED,
    EventKind.HOLDERS_CHANGED,
    EventKind.TEXT_PUBLISHED,
    EventKind.SETTINGS_CHANGED,
)


def video_lock(video_id: int) -> None:
    """The video's row, FOR UPDATE: listing pupils, publishing and re-checks take turns."""
    Video.objects.select_for_update().filter(pk=video_id).exists()


def lock_for_gate(video: Video, channel: Channel) -> None:
    """Before relying on the gate: share-lock the channel, the listed pupils and the purposes the
    channel could mean at the video's school. The caller holds the video's row."""
    locks.share(Channel, [channel.pk])
    channel.refresh_from_db()
    pupil_ids = VideoPupil.objects.filter(video=video).values_list("pupil_id", flat=True)
    locks.pupils_share(list(pupil_ids))
    purposes = Purpose.objects.filter(board_id=video.board_id, key=channel.purpose_key).filter(
        Q(school__isnull=True) | Q(school_id=video.school_id)
    )
    locks.purposes_share(list(purposes.values_list("pk", flat=True)))


def evidence_record(publication: VideoPublication, gate: VideoGate) -> None:
    """What this version relied on, per listed pupil."""
    VideoPublicationPupil.objects.bulk_create(
        VideoPublicationPupil(
            board_id=publication.board_id,
            publication=publication,
            version=publication.version,
            pupil_id=verdict.pupil_id,
            consent_status=verdict.consent_status,
            decision_ids=list(verdict.decision_ids),
        )
        for verdict in gate.verdicts
    )


def _enqueue_render(publication_id: int, version: int) -> None:
    from schoolprivacy.videos.tasks import render_publication_task

    render_publication_task.enqueue(publication_id, version)


def render_enqueue(publication: VideoPublication) -> None:
    """Ask the worker for this version's file once the caller's transaction committed."""
    pk, version = publication.pk, publication.version
    transaction.on_commit(lambda: _enqueue_render(pk, version))


def publication_take_offline(publication: VideoPublication, *, cause: str) -> None:
    storage.remove_after_commit(publication.rendition)
    publication.status = VideoPublication.Status.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_reason = cause
    publication.rendition = ""
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "rendition"])


def publication_reblur(publication: VideoPublication, gate: VideoGate) -> None:
    """A new version with every face blurred. The old file goes at commit; until the worker made
    the new one the address answers 404."""
    storage.remove_after_commit(publication.rendition)
    publication.version += 1
    publication.blurred = True
    publication.rendition = ""
    publication.render = VideoPublication.Render.QUEUED
    publication.progress = 0
    publication.save(update_fields=["version", "blurred", "rendition", "render", "progress"])
    evidence_record(publication, gate)
    render_enqueue(publication)


def _takedown(publication: VideoPublication, *, change: str, cause: str) -> VideoTakedown:
    return VideoTakedown.objects.create(
        board_id=publication.board_id,
        school_id=publication.school_id,
        publication=publication,
        change=change,
        cause=cause,
        needs_manual_removal=publication.channel.manual_copies,
    )


def publications_recheck(
    publications: QuerySet[VideoPublication], *, cause: str
) -> list[VideoTakedown]:
    """Apply the gate again to live publications; blur or take offline where it says so."""
    takedowns: list[VideoTakedown] = []
    live = publications.filter(status=VideoPublication.Status.LIVE).values_list("pk", "video_id")
    for pk, video_id in sorted(set(live)):
        video_lock(video_id)  # video first, then publication: the order publishing takes
        publication = (
            VideoPublication.objects.select_for_update(of=("self",))
            .filter(pk=pk, status=VideoPublication.Status.LIVE)
            .select_related("video__school", "video__event", "channel")
            .first()
        )
        if publication is None:
            continue
        lock_for_gate(publication.video, publication.channel)
        gate = evaluate(publication.video, publication.channel)
        if gate.blocked:
            publication_take_offline(publication, cause=cause)
            takedowns.append(
                _takedown(publication, change=VideoTakedown.Change.WITHDRAWN, cause=cause)
            )
            _audit(publication, "withdrawn", cause)
        elif gate.blur and not publication.blurred:
            publication_reblur(publication, gate)
            takedowns.append(
                _takedown(publication, change=VideoTakedown.Change.REBLURRED, cause=cause)
            )
            _audit(publication, "reblurred", cause)
    return takedowns


def _audit(publication: VideoPublication, verb: str, cause: str) -> None:
    audit_record(
        action=f"videos.publication.{verb}",
        board_id=publication.board_id,
        actor_id=None,
        subjects=[Subject(VIDEO_PUBLICATION, publication.pk)],
        context={"reason": cause, "version": publication.version},
        channel="task",
    )


def affected(event: ConsentEvent) -> QuerySet[VideoPublication]:
    """The live video publications an event may change."""
    rows = VideoPublication.objects.filter(
        board_id=event.board_id, status=VideoPublication.Status.LIVE
    )
    if event.kind == EventKind.SETTINGS_CHANGED:
        return rows
    if event.purpose is not None:
        rows = rows.filter(channel__purpose_key=event.purpose.key)
        if event.purpose.school_id is not None:
            rows = rows.filter(school_id=event.purpose.school_id)
    if event.pupil_id is not None:
        listed = VideoPupil.objects.filter(video=OuterRef("video_id"), pupil_id=event.pupil_id)
        relied = VideoPublicationPupil.objects.filter(
            publication=OuterRef("pk"), version=OuterRef("version"), pupil_id=event.pupil_id
        )
        rows = rows.filter(Q(Exists(listed)) | Q(Exists(relied)))
    return rows


def consent_changed(event: ConsentEvent) -> None:
    """Outbox effect of every kind in RECHECK_KINDS. Idempotent."""
    cause = (
        Publication.Reason.CONSENT
        if event.kind != EventKind.SETTINGS_CHANGED
        else Publication.Reason.SETTINGS
    )
    directors_tell(publications_recheck(affected(event), cause=cause))


def directors_tell(takedowns: list[VideoTakedown]) -> None:
    """One email per school to its location directors: what changed, what to remove by hand.
    It names events and channels, never a pupil."""
    by_school: dict[int, list[VideoTakedown]] = defaultdict(list)
    for takedown in takedowns:
        by_school[takedown.school_id].append(takedown)
    for school_id, items in by_school.items():
        recipients = [
            u.email
            for u in duty_holders(school_id=school_id, duty=Duty.ACT_ON_TAKEDOWNS)
            if u.email
        ]
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "takedowns": [
                    {
                        "video_id": t.publication.video_id,
                        "event": t.publication.video.event.name,
                        "channel": t.publication.channel.name,
                        "change": t.get_change_display(),
                        "manual": t.needs_manual_removal,
                        "reference": t.publication.external_reference,
                    }
                    for t in items
                ],
                "manual": any(t.needs_manual_removal for t in items),
                "url": settings.SITE_URL + reverse("videos:takedowns"),
            }
            subject = render_to_string("videos/email/takedown_subject.txt", context).strip()
            body = render_to_string("videos/email/takedown.txt", context)
        send_after_commit(EmailMessage(subject=subject, body=body, to=recipients))
