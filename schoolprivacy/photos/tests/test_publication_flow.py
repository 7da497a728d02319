"""The whole path through the database: upload, detect, tag, publish through the gate, and a
withdrawal that takes the photo back."""

import io
from typing import Any

import numpy as np
import pytest
from django.core import mail
from PIL import Image

from schoolprivacy.consents.models import ConsentDecision, ConsentEvent
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import FaceOutcome, Publication, PublicationFace, Takedown
from schoolprivacy.photos.services import photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, tag_all
from schoolprivacy.photos.withdrawal import consent_changed

pytestmark = pytest.mark.django_db


def _detail(content: bytes, face: object, scale: float) -> float:
    """Variance of a simple Laplacian inside the face box: how much fine detail is left."""
    image = np.asarray(Image.open(io.BytesIO(content)).convert("L"), dtype=np.float32)
    x, y = round(face.x * scale), round(face.y * scale)  # type: ignore[attr-defined]
    w, h = round(face.width * scale), round(face.height * scale)  # type: ignore[attr-defined]
    box = image[y : y + h, x : x + w]
    lap = box[1:-1, 1:-1] * 4 - box[:-2, 1:-1] - box[2:, 1:-1] - box[1:-1, :-2] - box[1:-1, 2:]
    return float(lap.var())


def test_blocking_channel_refuses_a_pupil_without_consent(photos: PhotoWorld) -> None:
    w = photos.world
    tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    outcome = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.social_media)
    assert outcome.status == "blocked"
    assert [(p.code, p.pupil_id) for p in outcome.gate.problems] == [
        ("no_consent", photos.pupil_c.pk)
    ]
    assert not Publication.objects.exists()


def test_blurring_channel_blurs_faces_without_consent_and_keeps_the_evidence(
    photos: PhotoWorld,
) -> None:
    w = photos.world
    tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    outcome = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert outcome.status == "published_blurred"
    publication = outcome.publication
    assert publication is not None
    rows = {r.face_id: r for r in PublicationFace.objects.filter(publication=publication)}
    shown, blurred, helper = (rows[f.pk] for f in photos.faces)
    assert shown.outcome == FaceOutcome.SHOWN
    assert shown.decision_ids == list(
        ConsentDecision.objects.filter(pupil=w.pupil_a).values_list("pk", flat=True)
    )
    assert blurred.outcome == FaceOutcome.NO_CONSENT
    assert helper.outcome == FaceOutcome.NOT_A_PUPIL
    content = storage.read(publication.rendition)
    scale = Image.open(io.BytesIO(content)).width / photos.photo.width
    original = storage.read(photos.photo.original)
    assert _detail(content, photos.faces[1], scale) < 0.1 * _detail(original, photos.faces[1], 1)
    assert _detail(content, photos.faces[0], scale) > 0.5 * _detail(original, photos.faces[0], 1)


def test_a_withdrawal_rerenders_the_publication_and_tells_the_director(
    photos: PhotoWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = photos.world
    w.director.email = "directeur@example.nl"
    w.director.save(update_fields=["email"])
    tag_all(photos)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    publication = photo_publish(
        actor=w.teacher, photo=photos.photo, channel=photos.website
    ).publication
    assert publication is not None
    first = storage.read(publication.rendition)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the email goes after commit
        assert handle_pending() >= 1
    publication.refresh_from_db()
    assert publication.version == 2
    assert publication.status == Publication.Status.LIVE
    now = PublicationFace.objects.get(publication=publication, version=2, face=photos.faces[0])
    assert now.outcome == FaceOutcome.NO_CONSENT
    second = storage.read(publication.rendition)
    scale = Image.open(io.BytesIO(second)).width / photos.photo.width
    assert _detail(second, photos.faces[0], scale) < 0.1 * _detail(first, photos.faces[0], scale)
    takedown = Takedown.objects.get(publication=publication)
    assert takedown.change == Takedown.Change.REBLURRED
    assert [m.to for m in mail.outbox] == [["directeur@example.nl"]]
    assert "Sportdag" in mail.outbox[0].body
    assert w.pupil_a.first_name not in mail.outbox[0].body
    # Handling the same event again changes nothing (idempotent).
    consent_changed(ConsentEvent.objects.get())
    publication.refresh_from_db()
    assert publication.version == 2
