"""The photo library over the API: upload, faces and tags, publication through the consent gate.

Status codes:

- 401 without a staff token or verified staff session.
- 404 for a photo, face, event, school, group, pupil or publication the caller may not see or
  use (photos/selectors.py, access.policy), never a 403 that confirms it exists.
- 400 with `{"code", "message"}` (message translated: Dutch by default, English with
  `Accept-Language: en`) when the request is understood but refused: an image that is not a
  real photo within the limits, a tag the rules forbid, an unknown channel, a photo that is
  already live in the channel. 422 is the framework's answer to a malformed body.
- POST /photos/{id}/publications: 201 when published (with or without blurred faces); 409 with
  `"status": "blocked"` and the gate's reasons when the channel refuses the photo. A 409, not a
  200: nothing was created, and a client that only looks at the status code must not believe
  the photo is online.

Every write goes through photos/services.py with channel "api", so it is audited like the pages.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from schoolprivacy.access.policy import get_visible_pupil
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.api_ints import Id
from schoolprivacy.photos import images, selectors, storage
from schoolprivacy.photos.models import Face, Photo, PhotoEvent, Publication
from schoolprivacy.photos.services import (
    event_create,
    face_tag,
    photo_publish,
    photo_upload,
)

router = Router(tags=["photos"])


class ProblemOut(Schema):
    code: str
    message: str


class EventOut(Schema):
    id: int
    name: str
    date: date


class BoxOut(Schema):
    x: int
    y: int
    width: int
    height: int


class FaceOut(Schema):
    id: int
    box: BoxOut = Field(..., description="In pixels of the stored original.")
    pupil: int | None
    not_a_pupil: bool
    erased: bool


class PublicationOut(Schema):
    id: int
    channel: str
    status: str = Field(..., description='"live" or "withdrawn".')
    version: int
    url: str | None = Field(..., description="The public rendition address while live.")
    image: str | None = Field(..., description="The rendition over the API while live.")


class PhotoOut(Schema):
    id: int
    event: EventOut
    group: int | None
    width: int
    height: int
    detection: str = Field(..., description='"pending", "done" or "failed".')
    faces: list[FaceOut]
    publications: list[PublicationOut]


class FaceTagIn(Schema):
    pupil: Id | None = Field(None, description="The pupil whose face this is, or null.")
    not_a_pupil: bool = Field(False, description="A parent helping out, a passer-by, ...")


class PublishIn(Schema):
    channel: str = Field(..., description="A channel key, e.g. website or social_media.")
    external_reference: str = Field(
        "", max_length=300, description="Where a copy placed by hand ends up (a post's address)."
    )


class PublishedOut(Schema):
    id: int
    url: str
    image: str


class ReasonOut(Schema):
    code: str
    message: str
    face: int | None
    pupil: int | None
    consent_status: str


class PublishOut(Schema):
    status: str = Field(..., description='"published", "published_blurred" or "blocked".')
    publication: PublishedOut | None = None
    blurred_faces: list[int] = Field(default_factory=list)
    reasons: list[ReasonOut] = Field(default_factory=list)


def _caller(request: Any) -> User:
    assert isinstance(request.user, User)  # api_auth lets only staff users through
    return request.user


def _error(status: int, code: str, message: str) -> Status[Any]:
    return Status(status, {"code": code, "message": message})


def _validation_error(error: ValidationError) -> Status[Any]:
    # The services raise one message with one code; str() translates it now.
    return _error(400, str(error.code or "invalid"), str(error.message))


def _links(request: Any, publication: Publication) -> tuple[str, str]:
    url = reverse("photos:rendition", kwargs={"token": publication.token})
    image = reverse("api:photos_publication_image", kwargs={"publication_id": publication.pk})
    return request.build_absolute_uri(url), request.build_absolute_uri(image)


def _face(face: Face) -> dict[str, Any]:
    return {
        "id": face.pk,
        "box": {"x": face.x, "y": face.y, "width": face.width, "height": face.height},
        "pupil": face.pupil_id,
        "not_a_pupil": face.not_a_pupil,
        "erased": face.erased,
    }


def _photo(request: Any, photo: Photo) -> dict[str, Any]:
    publications = []
    for publication in photo.publications.select_related("channel").order_by("pk"):
        live = publication.status == Publication.Status.LIVE and bool(publication.rendition)
        url, image = _links(request, publication) if live else (None, None)
        publications.append(
            {
                "id": publication.pk,
                "channel": publication.channel.key,
                "status": publication.status,
                "version": publication.version,
                "url": url,
                "image": image,
            }
        )
    return {
        "id": photo.pk,
        "event": {"id": photo.event_id, "name": photo.event.name, "date": photo.event.held_on},
        "group": photo.group_id,
        "width": photo.width,
        "height": photo.height,
        "detection": photo.detection,
        "faces": [_face(face) for face in selectors.faces_of(photo)],
        "publications": publications,
    }


def _upload_limit() -> int:
    limit: int = getattr(settings, "PHOTO_MAX_BYTES", images.DEFAULT_MAX_BYTES)
    return limit


@router.post(
    "/photos",
    response={201: PhotoOut, 400: ProblemOut},
    summary="Upload a photo to an existing event, or to a new one (multipart form)",
    description=(
        "Give `event` (an event ID), or `event_name`, `event_date` and `school` to create the "
        "event. `group` files the photo under a group the caller may upload to. Metadata is "
        "stripped; faces are detected in the background (`detection` is pending until then). "
        "400 with a code for a refused image; 404 for an event, school or group the caller may "
        "not use."
    ),
)
def upload(
    request: Any,
    file: File[UploadedFile],
    event: Form[Id | None] = None,
    event_name: Form[str] = "",
    event_date: Form[date | None] = None,
    school: Form[Id | None] = None,
    group: Form[Id | None] = None,
) -> Status[Any]:
    user = _caller(request)
    schools = selectors.photo_schools(user)
    if event is not None:
        existing = get_object_or_404(
            PhotoEvent.objects.filter(school__in=schools).select_related("school"), pk=event
        )
        target_school = existing.school
    elif school is not None and event_date is not None:
        existing = None
        target_school = get_object_or_404(schools, pk=school)
    else:
        return _error(
            400, "event_missing", _("Give an event, or a name, date and school for a new one.")
        )
    chosen_group = None
    if group is not None:
        chosen_group = get_object_or_404(selectors.upload_groups(user, target_school), pk=group)
    # One byte over the limit is enough for ingest to refuse it; the rest is never read.
    data = file.read(_upload_limit() + 1)
    try:
        # A new event only exists together with its first photo: a refused image leaves no
        # empty event behind.
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
            photo = photo_upload(
                actor=user, event=existing, data=data, group=chosen_group, channel="api"
            )
    except images.ImageRejected as rejected:
        return _error(400, rejected.code, rejected.message)
    except ValidationError as error:
        return _validation_error(error)
    except PermissionDenied:
        # The lookups above already answered 404 for what the caller may not use; this is the
        # service's own check agreeing, kept as a 404 so it never reads as "exists".
        raise Http404 from None
    return Status(201, _photo(request, Photo.objects.select_related("event").get(pk=photo.pk)))


@router.get(
    "/photos/{photo_id}",
    response=PhotoOut,
    summary="One photo: event, detection state, faces with their tags, publications",
)
def get_photo(request: Any, photo_id: Id) -> dict[str, Any]:
    return _photo(request, selectors.get_photo(_caller(request), photo_id))


@router.post(
    "/photos/{photo_id}/faces/{face_id}",
    response={200: FaceOut, 400: ProblemOut},
    summary="Say whose face this is: a pupil, not a pupil, or unknown (both empty)",
    description=(
        "404 for a photo, face or pupil the caller may not see. 400 with a code when the tag "
        "breaks a rule (both a pupil and not a pupil, an erased face, a pupil already on "
        "another face of the photo, a pupil who cannot be tagged on this photo). A changed "
        "tag is applied to live publications at once."
    ),
)
def tag_face(request: Any, photo_id: Id, face_id: Id, data: FaceTagIn) -> Status[Any]:
    user = _caller(request)
    photo = selectors.get_photo(user, photo_id)
    face = get_object_or_404(Face.objects.filter(photo=photo), pk=face_id)
    pupil = get_visible_pupil(user, data.pupil) if data.pupil is not None else None
    try:
        tagged = face_tag(
            actor=user, face=face, pupil=pupil, not_a_pupil=data.not_a_pupil, channel="api"
        )
    except ValidationError as error:
        return _validation_error(error)
    except PermissionDenied:
        # The caller sees this pupil (else the 404 above), so saying so reveals nothing: the
        # pupil is at another school than the photo, or their role may not tag them.
        return _error(400, "not_taggable", _("This pupil cannot be tagged on this photo."))
    return Status(200, _face(tagged))


@router.post(
    "/photos/{photo_id}/publications",
    response={201: PublishOut, 400: ProblemOut, 409: PublishOut},
    summary="Publish the photo in a channel, through the consent gate",
    description=(
        "201: published (`published`) or published with faces blurred (`published_blurred`, "
        "their IDs in `blurred_faces`). 409 with `status` `blocked` and `reasons` when the "
        "channel refuses the photo (a pupil without consent in a blocking channel, an untagged "
        "face, detection not done); nothing is published then. 400 for an unknown channel or a "
        "photo already live in the channel; 404 for a photo the caller may not see."
    ),
)
def publish(request: Any, photo_id: Id, data: PublishIn) -> Status[Any]:
    user = _caller(request)
    photo = selectors.get_photo(user, photo_id)
    channel = selectors.channels_for(photo.board_id).filter(key=data.channel).first()
    if channel is None:
        return _error(400, "unknown_channel", _("There is no active channel with this key."))
    try:
        outcome = photo_publish(
            actor=user,
            photo=photo,
            channel=channel,
            external_reference=data.external_reference,
            via="api",
        )
    except ValidationError as error:
        return _validation_error(error)
    if outcome.publication is None:
        reasons = [
            {
                "code": problem.code,
                "message": problem.message,
                "face": problem.face_id,
                "pupil": problem.pupil_id,
                "consent_status": problem.consent_status,
            }
            for problem in outcome.gate.problems
        ]
        return Status(409, {"status": outcome.status, "reasons": reasons})
    url, image = _links(request, outcome.publication)
    return Status(
        201,
        {
            "status": outcome.status,
            "publication": {"id": outcome.publication.pk, "url": url, "image": image},
            "blurred_faces": [verdict.face.pk for verdict in outcome.gate.blurred],
        },
    )


@router.get(
    "/publications/{publication_id}/image",
    url_name="photos_publication_image",
    summary="The published rendition (JPEG) of a live publication; never the original",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "The rendition as published, faces without consent blurred.",
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def publication_image(request: Any, publication_id: Id) -> HttpResponse:
    publication = get_object_or_404(
        selectors.publications_for(_caller(request))
        .filter(status=Publication.Status.LIVE)
        .exclude(rendition=""),
        pk=publication_id,
    )
    response = HttpResponse(storage.read(publication.rendition), content_type="image/jpeg")
    # As the public address: a withdrawal must not be undone by a cached copy.
    response["Cache-Control"] = "no-cache"
    response["ETag"] = f'"{publication.pk}-{publication.version}"'
    return response
