"""Videos over the API: upload, who appears, publication through the consent gate.

Status codes as for photos (photos/api.py): 401 without a staff token; 404 for a video, event,
school, pupil or publication the caller may not see; 400 with `{"code", "message"}` for a refused
file or a request the rules refuse; POST /videos/{id}/publications answers 201 when published
(as it is, or with every face blurred) and 409 with the reasons when the channel refuses it.
"""

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from schoolprivacy.access.policy import visible_pupils
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.api_ints import Id
from schoolprivacy.photos.models import PhotoEvent
from schoolprivacy.photos.services import event_create
from schoolprivacy.videos import media, selectors, storage
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.services import video_publish, video_pupils_set, video_upload

router = Router(tags=["videos"])


class ProblemOut(Schema):
    code: str
    message: str


class EventOut(Schema):
    id: int
    name: str
    date: date


class SampleOut(Schema):
    at: float = Field(..., description="Seconds from the start.")
    faces: int


class VideoPublicationOut(Schema):
    id: int
    channel: str
    status: str = Field(..., description='"live" or "withdrawn".')
    blurred: bool
    muted: bool
    render: str = Field(..., description='"queued", "rendering", "ready" or "failed".')
    progress: int = Field(..., description="Percent of the file made.")
    version: int
    url: str | None
    file: str | None


class VideoOut(Schema):
    id: int
    event: EventOut
    status: str = Field(..., description='Processing: "pending", "ready" or "failed".')
    duration: float = Field(..., description="Seconds.")
    width: int
    height: int
    frame_count: int
    has_audio: bool
    pupils: list[int] = Field(
        ..., description="IDs of the listed pupils the caller may see (others stay listed)."
    )
    pupils_listed: bool = Field(..., description="Whether staff said who appears (maybe nobody).")
    face_counts: list[SampleOut] = Field(..., description="Faces found per sampled frame.")
    publications: list[VideoPublicationOut]


class PupilsIn(Schema):
    pupils: list[Id] = Field(..., description="Every pupil who appears; empty for nobody.")


class VideoPublishIn(Schema):
    channel: str = Field(..., description="A channel key, e.g. website or social_media.")
    mute: bool = Field(False, description="Publish without sound (names are spoken).")
    external_reference: str = Field("", max_length=300)


class VideoPublishedOut(Schema):
    id: int
    url: str
    file: str


class VideoReasonOut(Schema):
    code: str
    message: str
    pupil: int | None
    consent_status: str


class VideoPublishOut(Schema):
    status: str = Field(..., description='"published", "published_blurred" or "blocked".')
    publication: VideoPublishedOut | None = None
    reasons: list[VideoReasonOut] = Field(default_factory=list)


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)
    return request.user


def _error(status: int, code: str, message: str) -> Status[Any]:
    return Status(status, {"code": code, "message": message})


def _links(request: Any, publication: VideoPublication) -> tuple[str, str]:
    url = reverse("videos:rendition", kwargs={"token": publication.token})
    file = reverse("api:videos_publication_file", kwargs={"video_publication_id": publication.pk})
    return request.build_absolute_uri(url), request.build_absolute_uri(file)


def _video(request: Any, video: Video) -> dict[str, Any]:
    visible = selectors.listable_pupils(_caller(request), video).filter(
        video_appearances__video=video
    )
    publications = []
    for publication in video.publications.select_related("channel").order_by("pk"):
        url, file = _links(request, publication) if publication.ready else (None, None)
        publications.append(
            {
                "id": publication.pk,
                "channel": publication.channel.key,
                "status": publication.status,
                "blurred": publication.blurred,
                "muted": publication.muted,
                "render": publication.render,
                "progress": publication.progress,
                "version": publication.version,
                "url": url,
                "file": file,
            }
        )
    return {
        "id": video.pk,
        "event": {"id": video.event_id, "name": video.event.name, "date": video.event.held_on},
        "status": video.processing,
        "duration": video.duration,
        "width": video.width,
        "height": video.height,
        "frame_count": video.frame_count,
        "has_audio": video.has_audio,
        # Pupils listed by someone else whom the caller may not see are left out, as on the page.
        "pupils": sorted(visible.values_list("pk", flat=True)),
        "pupils_listed": video.pupils_listed,
        "face_counts": [{"at": at, "faces": count} for at, count in video.face_counts],
        "publications": publications,
    }


@router.post(
    "/videos",
    response={201: VideoOut, 400: ProblemOut},
    summary="Upload a video (MP4/H.264, MOV or WebM) to an event, or to a new one (multipart)",
    description=(
        "Give `event` (an event ID), or `event_name`, `event_date` and `school`. The file is "
        "checked by its content and stored without metadata; faces are counted and the poster "
        "made in the background (`status` is pending until then)."
    ),
)
def upload(
    request: Any,
    file: File[UploadedFile],
    event: Form[Id | None] = None,
    event_name: Form[str] = "",
    event_date: Form[date | None] = None,
    school: Form[Id | None] = None,
) -> Status[Any]:
    user = _caller(request)
    schools = selectors.video_schools(user)
    if event is not None:
        existing: PhotoEvent | None = get_object_or_404(
            PhotoEvent.objects.filter(school__in=schools).select_related("school"), pk=event
        )
        target_school = existing.school  # type: ignore[union-attr]
    elif school is not None and event_date is not None:
        existing = None
        target_school = get_object_or_404(schools, pk=school)
    else:
        return _error(
            400, "event_missing", _("Give an event, or a name, date and school for a new one.")
        )
    limit = media.setting_limit("VIDEO_MAX_BYTES", media.DEFAULT_MAX_BYTES)
    if file.size is not None and file.size > limit:
        rejected = media.VideoRejected("too_large", limit=f"{limit / 2**20:.4g}")
        return _error(400, rejected.code, rejected.message)
    try:
        with tempfile.TemporaryDirectory(prefix="video-in-") as folder:
            source = Path(folder) / "upload"
            with source.open("wb") as target:
                for chunk in file.chunks():
                    target.write(chunk)
            with transaction.atomic():
                if existing is None:
                    assert event_date is not None
                    existing = event_create(
                        actor=user,
                        school=target_school,
                        name=event_name,
                        held_on=event_date,
                        channel="api",
                    )
                video = video_upload(actor=user, event=existing, source=source, channel="api")
    except media.VideoRejected as rejected:
        return _error(400, rejected.code, rejected.message)
    except ValidationError as error:
        return _error(400, str(error.code or "invalid"), str(error.message))
    except PermissionDenied:
        raise Http404 from None
    return Status(201, _video(request, Video.objects.select_related("event").get(pk=video.pk)))


@router.get(
    "/videos/{video_id}",
    response=VideoOut,
    summary="One video: processing status, duration, listed pupils, face counts, publications",
)
def get_video(request: Any, video_id: Id) -> dict[str, Any]:
    return _video(request, selectors.get_video(_caller(request), video_id))


@router.post(
    "/videos/{video_id}/pupils",
    response={200: VideoOut, 400: ProblemOut},
    summary="Say which pupils appear in the video (the whole list; empty for nobody)",
    description=(
        "404 for a video or a pupil the caller may not see; 400 when a pupil cannot be listed "
        "on this video (another school, or the caller's role may not see their images). Live "
        "publications are checked again at once."
    ),
)
def set_pupils(request: Any, video_id: Id, data: PupilsIn) -> Status[Any]:
    user = _caller(request)
    video = selectors.get_video(user, video_id)
    wanted = set(data.pupils)
    pupils = list(visible_pupils(user).filter(pk__in=wanted))
    if len(pupils) != len(wanted):
        raise Http404
    try:
        video_pupils_set(actor=user, video=video, pupils=pupils, channel="api")
    except PermissionDenied:
        return _error(400, "not_listable", _("This pupil cannot be listed on this video."))
    return Status(200, _video(request, selectors.get_video(user, video_id)))


@router.post(
    "/videos/{video_id}/publications",
    response={201: VideoPublishOut, 400: ProblemOut, 409: VideoPublishOut},
    summary="Publish the video in a channel, through the consent gate",
    description=(
        "201 with `published` (every listed pupil consented: the cleaned original) or "
        "`published_blurred` (a rendition with every face in every frame blurred, made by the "
        "worker; `file` answers 404 until it is ready). 409 with `blocked` and `reasons` when "
        "the channel refuses it. 400 for an unknown channel or one where it is already live."
    ),
)
def publish(request: Any, video_id: Id, data: VideoPublishIn) -> Status[Any]:
    user = _caller(request)
    video = selectors.get_video(user, video_id)
    channel = selectors.channels_for(video.board_id).filter(key=data.channel).first()
    if channel is None:
        return _error(400, "unknown_channel", _("There is no active channel with this key."))
    try:
        outcome = video_publish(
            actor=user,
            video=video,
            channel=channel,
            mute=data.mute,
            external_reference=data.external_reference,
            via="api",
        )
    except ValidationError as error:
        return _error(400, str(error.code or "invalid"), str(error.message))
    if outcome.publication is None:
        reasons = [
            {
                "code": p.code,
                "message": p.message,
                "pupil": p.pupil_id,
                "consent_status": p.consent_status,
            }
            for p in outcome.gate.problems
        ]
        return Status(409, {"status": outcome.status, "reasons": reasons})
    url, file = _links(request, outcome.publication)
    return Status(
        201,
        {
            "status": outcome.status,
            "publication": {"id": outcome.publication.pk, "url": url, "file": file},
        },
    )


@router.get(
    "/video-publications/{video_publication_id}/file",
    url_name="videos_publication_file",
    summary="The published file of a live video publication, once made; never the original",
    response={200: None},
)
def publication_file(request: Any, video_publication_id: Id) -> FileResponse:
    publication = get_object_or_404(
        selectors.publications_for(_caller(request))
        .filter(status=VideoPublication.Status.LIVE, render=VideoPublication.Render.READY)
        .exclude(rendition=""),
        pk=video_publication_id,
    )
    return file_response(publication)


def file_response(publication: VideoPublication) -> FileResponse:
    kind = "video/webm" if publication.rendition.endswith(".webm") else "video/mp4"
    response = FileResponse(storage.open_file(publication.rendition), content_type=kind)
    response["Cache-Control"] = "no-cache"
    response["ETag"] = f'"{publication.pk}-{publication.version}"'
    return response
