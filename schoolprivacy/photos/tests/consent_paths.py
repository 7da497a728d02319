"""Helpers of the consent-path tests: a live publication that shows pupil A, and the check that
it no longer does."""

from dataclasses import dataclass

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.people.models import Guardian
from schoolprivacy.photos.gate import SHOWN
from schoolprivacy.photos.models import Channel, Publication, PublicationFace
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.testing import factories


@dataclass
class Shown:
    photos: PhotoWorld
    publication: Publication
    mother: Guardian
    father: Guardian


def show_pupil_a(photos: PhotoWorld, channel: Channel) -> Shown:
    """Face 1 is pupil A, whose mother and father both have authority; the mother granted
    consent for the channel's purpose; the other faces are not pupils. Published: A is shown."""
    w = photos.world
    father = factories.make_parent(pupil=w.pupil_a, email="vader@example.nl")
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    purpose = photos.website_purpose if channel.key == "website" else photos.social_purpose
    grant(w.parent.guardian, w.pupil_a, purpose)
    publication = photo_publish(actor=w.teacher, photo=photos.photo, channel=channel).publication
    assert publication is not None
    assert face_outcome(publication, photos) in SHOWN
    handle_pending()  # nothing pending from the set-up is left over
    return Shown(photos, publication, w.parent.guardian, father)


def face_outcome(publication: Publication, photos: PhotoWorld) -> str:
    publication.refresh_from_db()
    return PublicationFace.objects.get(
        publication=publication, version=publication.version, face=photos.faces[0]
    ).outcome


def assert_no_longer_shown(shown: Shown) -> None:
    """After the outbox ran: re-rendered with pupil A's face blurred (BLUR) or offline (BLOCK),
    and the rendition file is really gone or replaced."""
    handle_pending()
    publication = shown.publication
    publication.refresh_from_db()
    if publication.status == Publication.Status.WITHDRAWN:
        assert publication.rendition == ""
        return
    # Only a BLUR channel may keep it live, and an erased face even in a BLOCK channel.
    assert publication.version >= 2
    assert face_outcome(publication, shown.photos) not in SHOWN
