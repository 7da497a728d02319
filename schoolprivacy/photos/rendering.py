"""Renditions of publications: rendered from the original with the gate's blurred faces.

A rendition replaces the previous one of the same publication (its URL stays the same, its
version goes up); the evidence rows of earlier versions stay as proof of what was published
when. Old files are deleted after the commit, so a rolled-back change never loses the live one.
"""

from django.db import transaction
from django.utils import timezone

from schoolprivacy.photos import images, rendition, storage
from schoolprivacy.photos.gate import GateResult
from schoolprivacy.photos.models import Publication, PublicationFace, Takedown


def _remove_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.remove(name))


def publication_render(
    publication: Publication, gate: GateResult, *, new_version: bool = False
) -> None:
    """Render the publication as the gate says and record the evidence per face."""
    photo = publication.photo
    image = images.open_image(storage.read(photo.original))
    content = rendition.render(image, blur=[v.face for v in gate.blurred])
    old = publication.rendition
    if new_version:
        publication.version += 1
        _remove_after_commit(old)
    publication.rendition = storage.store("renditions", publication.board_id, "jpg", content)
    publication.rendered_at = timezone.now()
    publication.save(update_fields=["rendition", "version", "rendered_at"])
    PublicationFace.objects.bulk_create(
        PublicationFace(
            board_id=publication.board_id,
            publication=publication,
            version=publication.version,
            face=v.face,
            pupil_id=v.face.pupil_id,
            outcome=v.outcome,
            decision_ids=list(v.decision_ids),
            consent_status=v.consent_status,
        )
        for v in gate.verdicts
    )


def publication_take_offline(publication: Publication, *, cause: str) -> None:
    _remove_after_commit(publication.rendition)
    publication.status = Publication.Status.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_reason = cause
    publication.rendition = ""
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "rendition"])


def takedown_add(publication: Publication, *, change: str, cause: str) -> Takedown:
    return Takedown.objects.create(
        board_id=publication.board_id,
        school_id=publication.school_id,
        publication=publication,
        change=change,
        cause=cause,
        needs_manual_removal=publication.channel.manual_copies,
    )
