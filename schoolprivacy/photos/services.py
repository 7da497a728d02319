"""Writes of the photo library: `<noun>_<verb>(*, ...)`, in a transaction, audited.

Audit events name photos, faces, publications and pupils by ID and never hold an image, a name
or a box. Publishing runs the gate (photos/gate.py) and renders in the same transaction as the
publication row, so a publication never exists without the evidence it relied on.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents.locks import pupils_share
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos import images, selectors, storage
from schoolprivacy.photos.defaults import DEFAULT_CHANNELS
from schoolprivacy.photos.gate import GateResult, evaluate
from schoolprivacy.photos.models import (
    Channel,
    Detection,
    Face,
    Photo,
    PhotoEvent,
    Publication,
    Takedown,
)
from schoolprivacy.photos.rendering import publication_render
from schoolprivacy.photos.withdrawal import lock_for_gate, photo_lock, publications_recheck
from schoolprivacy.schools.models import Board, Group, School


def _check_school(actor: User, school: School) -> None:
    if not selectors.photo_schools(actor).filter(pk=school.pk).exists():
        raise PermissionDenied


@transaction.atomic
def channels_install_defaults(
    *, board: Board, actor_id: int | None, channel: str = "web"
) -> list[Channel]:
    """Give the board a publication channel per default photo purpose it lacks. Idempotent."""
    present = set(Channel.objects.filter(board=board).values_list("key", flat=True))
    created = Channel.objects.bulk_create(
        Channel(
            board=board,
            key=spec.key,
            name=spec.name,
            name_en=spec.name_en,
            purpose_key=spec.purpose_key,
            mode=spec.mode,
            manual_copies=spec.manual_copies,
        )
        for spec in DEFAULT_CHANNELS
        if spec.key not in present
    )
    if created:
        audit_record(
            action="photos.channels.installed",
            board_id=board.pk,
            actor_id=actor_id,
            context={"count": len(created)},
            channel=channel,
        )
    return created


@transaction.atomic
def event_create(
    *, actor: User, school: School, name: str, held_on: date, channel: str = "web"
) -> PhotoEvent:
    _check_school(actor, school)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the event a name."), code="name")
    event = PhotoEvent.objects.create(
        board_id=school.board_id, school=school, name=name, held_on=held_on, created_by=actor
    )
    audit_record(
        action="photos.event.created",
        board_id=school.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PHOTO_EVENT, event.pk)],
        fields=["name", "held_on"],
        channel=channel,
    )
    return event


def _enqueue_detection(photo_id: int) -> None:
    from schoolprivacy.photos.tasks import detect_faces_task

    detect_faces_task.enqueue(photo_id)


def photo_upload(
    *,
    actor: User,
    event: PhotoEvent,
    data: bytes,
    group: Group | None = None,
    channel: str = "web",
) -> Photo:
    """Check, clean (orientation applied, all metadata stripped) and store one photo.

    Raises images.ImageRejected (translated message, code) for anything that is not a real
    JPEG, PNG or WebP photo within the limits; nothing is stored then. Faces are detected by a
    background task after the commit.
    """
    _check_school(actor, event.school)
    if group is not None and not selectors.upload_groups(actor, event.school).filter(pk=group.pk):
        raise PermissionDenied
    clean = images.ingest(data)
    with (
        storage.stored("originals", event.board_id, clean.extension, clean.content) as name,
        transaction.atomic(),
    ):
        photo = Photo.objects.create(
            board_id=event.board_id,
            school_id=event.school_id,
            event=event,
            group=group,
            original=name,
            image_format=clean.format,
            width=clean.width,
            height=clean.height,
            size_bytes=len(clean.content),
            uploaded_by=actor,
        )
        audit_record(
            action="photos.photo.uploaded",
            board_id=event.board_id,
            actor_id=actor.pk,
            subjects=[Subject(subject_types.PHOTO, photo.pk)],
            context={"format": clean.format},
            channel=channel,
        )
        transaction.on_commit(lambda: _enqueue_detection(photo.pk))
    return photo


def faces_detect(*, photo_id: int) -> int:
    """Find the faces of a photo (the background task). Idempotent: a photo is looked at once.

    Detection only: boxes and scores, never anything that could identify whom a face belongs to.
    """
    from schoolprivacy.photos import detection

    photo = Photo.objects.filter(pk=photo_id, detection=Detection.PENDING).first()
    if photo is None:
        return 0
    try:
        boxes = detection.detect_faces(images.open_image(storage.read(photo.original)))
    except Exception:
        # The photo stays unpublishable (gate rule 2) and the library says so; the error's
        # message is not kept because it could hold a path.
        Photo.objects.filter(pk=photo.pk).update(
            detection=Detection.FAILED, detected_at=timezone.now()
        )
        raise
    with transaction.atomic():
        locked = Photo.objects.select_for_update().filter(pk=photo.pk, detection="pending")
        if not locked.exists():
            return 0
        Face.objects.bulk_create(
            Face(
                board_id=photo.board_id,
                photo=photo,
                x=box.x,
                y=box.y,
                width=box.width,
                height=box.height,
                score=round(box.score, 4),
            )
            for box in boxes
        )
        locked.update(detection=Detection.DONE, detected_at=timezone.now())
        audit_record(
            action="photos.faces.detected",
            board_id=photo.board_id,
            actor_id=None,
            subjects=[Subject(subject_types.PHOTO, photo.pk)],
            context={"faces": len(boxes)},
            channel="task",
        )
    return len(boxes)


@transaction.atomic
def face_tag(
    *,
    actor: User,
    face: Face,
    pupil: Pupil | None = None,
    not_a_pupil: bool = False,
    channel: str = "web",
) -> Face:
    """Say whose face this is: a pupil the actor may see, "not a pupil", or unknown (neither)."""
    photo = selectors.get_photo(actor, face.photo_id)
    faces_tag(actor=actor, photo=photo, answers=[(face, pupil, not_a_pupil)], channel=channel)
    face.refresh_from_db()
    return face


def _check_answer(
    actor: User, photo: Photo, face: Face, pupil: Pupil | None, not_a_pupil: bool
) -> None:
    if face.photo_id != photo.pk:
        raise PermissionDenied
    if pupil is not None and not_a_pupil:
        raise ValidationError(_('Choose a pupil or "not a pupil", not both.'), code="both")
    if face.erased:
        raise ValidationError(_("This face was erased and cannot be tagged."), code="erased")
    if pupil is not None and not selectors.may_tag(actor, pupil, photo):
        raise PermissionDenied


Answer = tuple[Face, Pupil | None, bool]


@transaction.atomic
def faces_tag(*, actor: User, photo: Photo, answers: Sequence[Answer], channel: str = "web") -> int:
    """Tag several faces of one photo at once (pupil, "not a pupil", or unknown): all or none.

    Checked against the photo's final state, so two tags can be swapped in one go. Changed tags
    are applied to live publications at once, after all of them: a face that may no longer be
    shown is blurred there, or the publication is taken offline (photos/withdrawal.py).
    """
    photo = selectors.get_photo(actor, photo.pk)
    # Tagging, publishing and re-checks of one photo take turns (docs/decisions/0016).
    photo_lock(photo.pk)
    final: dict[int, int | None] = dict(photo.faces.values_list("pk", "pupil_id"))
    for face, pupil, not_a_pupil in answers:
        _check_answer(actor, photo, face, pupil, not_a_pupil)
        final[face.pk] = pupil.pk if pupil is not None else None
    # The consent of the pupils tagged now is relied on below: hold it still until commit.
    pupils_share([pk for pk in final.values() if pk is not None])
    tagged = [pupil_id for pupil_id in final.values() if pupil_id is not None]
    if len(tagged) != len(set(tagged)):
        raise ValidationError(
            _("This pupil is already tagged on another face in this photo."), code="twice"
        )
    # Cleared first, so that swapping two tags never trips the one-face-per-pupil constraint.
    Face.objects.filter(pk__in=[face.pk for face, _p, _n in answers]).update(pupil=None)
    now = timezone.now()
    for face, pupil, not_a_pupil in answers:
        face.pupil = pupil
        face.not_a_pupil = not_a_pupil
        face.tagged_by = actor
        face.tagged_at = now
        face.save(update_fields=["pupil", "not_a_pupil", "tagged_by", "tagged_at"])
        subjects = [Subject(subject_types.PHOTO, photo.pk), Subject(subject_types.FACE, face.pk)]
        if pupil is not None:
            subjects.append(Subject(subject_types.PUPIL, pupil.pk))
        state = "pupil" if pupil is not None else "not_a_pupil" if not_a_pupil else "unknown"
        audit_record(
            action="photos.face.tagged",
            board_id=photo.board_id,
            actor_id=actor.pk,
            subjects=subjects,
            fields=["pupil", "not_a_pupil"],
            context={"tag": state},
            channel=channel,
        )
    publications_recheck(
        Publication.objects.filter(photo=photo, status=Publication.Status.LIVE),
        cause=Publication.Reason.STAFF,
    )
    return len(answers)


@dataclass
class PublishOutcome:
    """The answer of a publication attempt: published, published with blurred faces, or
    blocked with the gate's reasons."""

    gate: GateResult
    publication: Publication | None

    @property
    def status(self) -> str:
        if self.publication is None:
            return "blocked"
        return "published_blurred" if self.gate.blurred else "published"


@transaction.atomic
def photo_publish(
    *,
    actor: User,
    photo: Photo,
    channel: Channel,
    external_reference: str = "",
    via: str = "web",
) -> PublishOutcome:
    """Run the gate for the channel and, if it allows, render and publish.

    A blocked attempt is audited too (with the reason codes), so the privacy officer can see that
    the gate works.
    """
    photo = selectors.get_photo(actor, photo.pk)
    # The consent facts the gate reads must not change before this commits: hold the photo
    # (tags), the channel, the pupils and the purposes (docs/decisions/0016). A withdrawal
    # committed first is read below; one committed later finds this publication.
    photo_lock(photo.pk)
    photo.refresh_from_db()
    lock_for_gate(photo, channel)
    channel.refresh_from_db()
    if channel.board_id != photo.board_id or not channel.is_active:
        raise PermissionDenied
    gate = evaluate(photo, channel)
    subjects = [Subject(subject_types.PHOTO, photo.pk)]
    if (
        not gate.blocked
        and photo.publications.filter(channel=channel, status=Publication.Status.LIVE).exists()
    ):
        raise ValidationError(_("This photo is already published in this channel."), code="live")
    if gate.blocked:
        codes = sorted({p.code for p in gate.problems})
        audit_record(
            action="photos.publication.blocked",
            board_id=photo.board_id,
            actor_id=actor.pk,
            subjects=subjects
            + [Subject(subject_types.PUPIL, p.pupil_id) for p in gate.problems if p.pupil_id],
            context={"channel": channel.key, "reasons": "/".join(codes)[:64]},
            channel=via,
        )
        return PublishOutcome(gate, None)
    now = timezone.now()
    publication = Publication.objects.create(
        board_id=photo.board_id,
        school_id=photo.school_id,
        photo=photo,
        channel=channel,
        published_by=actor,
        rendered_at=now,
        external_reference=external_reference.strip()[:300],
    )
    publication_render(publication, gate)
    audit_record(
        action="photos.publication.published",
        board_id=photo.board_id,
        actor_id=actor.pk,
        subjects=subjects
        + [Subject(subject_types.PUBLICATION, publication.pk)]
        + [Subject(subject_types.PUPIL, v.face.pupil_id) for v in gate.verdicts if v.face.pupil_id],
        context={"channel": channel.key, "blurred": len(gate.blurred)},
        channel=via,
    )
    return PublishOutcome(gate, publication)


@transaction.atomic
def publication_withdraw(
    *, actor: User, publication: Publication, channel: str = "web"
) -> Publication:
    """Staff take a publication offline: its rendition is deleted and its URL answers 404."""
    selectors.get_photo(actor, publication.photo_id)
    from schoolprivacy.photos.rendering import publication_take_offline

    publication_take_offline(publication, cause=Publication.Reason.STAFF)
    audit_record(
        action="photos.publication.withdrawn",
        board_id=publication.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PUBLICATION, publication.pk)],
        context={"reason": "staff"},
        channel=channel,
    )
    return publication


@transaction.atomic
def takedown_done(*, actor: User, takedown: Takedown, channel: str = "web") -> Takedown:
    """The location director confirms that the copies placed by hand are removed."""
    if not selectors.open_takedowns(actor).filter(pk=takedown.pk).exists():
        raise PermissionDenied
    takedown.done_at = timezone.now()
    takedown.done_by = actor
    takedown.save(update_fields=["done_at", "done_by"])
    audit_record(
        action="photos.takedown.done",
        board_id=takedown.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PUBLICATION, takedown.publication_id)],
        channel=channel,
    )
    return takedown
