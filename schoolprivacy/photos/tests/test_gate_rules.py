"""The gate's rules one by one, and the changes that re-check live publications."""

import pytest
from django.urls import reverse

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.models import Detection, Publication, Takedown
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant

pytestmark = pytest.mark.django_db


def _publish(p: PhotoWorld, channel: object) -> object:
    return photo_publish(actor=p.world.teacher, photo=p.photo, channel=channel)  # type: ignore[arg-type]


def test_an_untagged_face_blocks_a_blocking_channel(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    face_tag(actor=w.teacher, face=photos.faces[1], not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    outcome = _publish(photos, photos.social_media)
    assert outcome.status == "blocked"  # type: ignore[attr-defined]
    assert [p.code for p in outcome.gate.problems] == ["untagged"]  # type: ignore[attr-defined]


def test_unknown_faces_are_blurred_in_a_blurring_channel(photos: PhotoWorld) -> None:
    outcome = _publish(photos, photos.website)
    assert outcome.status == "published_blurred"  # type: ignore[attr-defined]
    assert len(outcome.gate.blurred) == 3  # type: ignore[attr-defined]


def test_all_consented_is_published_without_blur(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    outcome = _publish(photos, photos.social_media)
    assert outcome.status == "published"  # type: ignore[attr-defined]


def test_a_photo_not_yet_checked_for_faces_is_never_published(photos: PhotoWorld) -> None:
    photos.photo.detection = Detection.PENDING
    photos.photo.save(update_fields=["detection"])
    outcome = _publish(photos, photos.website)
    assert outcome.status == "blocked"  # type: ignore[attr-defined]
    assert [p.code for p in outcome.gate.problems] == ["detection_pending"]  # type: ignore[attr-defined]


def test_a_withdrawal_takes_a_blocking_channels_publication_offline(
    photos: PhotoWorld, client: object
) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    publication = _publish(photos, photos.social_media).publication  # type: ignore[attr-defined]
    url = reverse("photos:rendition", kwargs={"token": publication.token})
    assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose, "withdrawn")
    handle_pending()
    publication.refresh_from_db()
    assert publication.status == Publication.Status.WITHDRAWN
    assert publication.withdrawn_reason == Publication.Reason.CONSENT
    assert client.get(url).status_code == 404  # type: ignore[attr-defined]
    takedown = Takedown.objects.get(publication=publication)
    # Social media posts are placed by hand: someone must remove them there.
    assert takedown.change == Takedown.Change.WITHDRAWN and takedown.needs_manual_removal


def test_a_withdrawal_for_another_purpose_changes_nothing(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose)
    publication = _publish(photos, photos.website).publication  # type: ignore[attr-defined]
    grant(w.parent.guardian, w.pupil_a, photos.social_purpose, "withdrawn")
    handle_pending()
    publication.refresh_from_db()
    assert publication.version == 1 and not Takedown.objects.exists()


def test_tagging_a_face_after_publication_blurs_it_at_once(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], not_a_pupil=True)
    publication = _publish(photos, photos.website).publication  # type: ignore[attr-defined]
    # It was not a helper after all: the pupil has no consent, so the face is blurred now.
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    publication.refresh_from_db()
    assert publication.version == 2


def test_a_later_grant_never_unblurs_by_itself(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    publication = _publish(photos, photos.website).publication  # type: ignore[attr-defined]
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    face_tag(actor=w.teacher, face=photos.faces[1], not_a_pupil=True)  # triggers a re-check
    publication.refresh_from_db()
    assert publication.version == 1


def test_a_teacher_cannot_tag_a_pupil_of_another_school(photos: PhotoWorld) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        face_tag(actor=photos.world.teacher, face=photos.faces[0], pupil=photos.world.pupil_b)


def test_outsiders_cannot_publish(photos: PhotoWorld) -> None:
    from django.http import Http404

    for persona in ("teacher_b", "other_board_staff", "administration", "privacy_officer"):
        with pytest.raises(Http404):
            photo_publish(
                actor=getattr(photos.world, persona), photo=photos.photo, channel=photos.website
            )
