"""Shared set-up of the photo tests: purposes and channels, a private photo storage in a
temporary folder, and a group photo of three faces uploaded by the teacher of group A."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.photos.models import Channel, Face, Photo, PhotoEvent
from schoolprivacy.photos.services import (
    channels_install_defaults,
    event_create,
    face_tag,
    faces_detect,
    photo_upload,
)
from schoolprivacy.photos.tests import samples
from schoolprivacy.testing import factories


@pytest.fixture(autouse=True)
def photo_storage(settings: LazySettings, tmp_path: Path) -> Path:
    """Every test writes photos to its own folder, never to the real var/photos."""
    root = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@dataclass
class PhotoWorld:
    world: World
    event: PhotoEvent
    photo: Photo
    faces: list[Face]
    website: Channel
    social_media: Channel
    website_purpose: Purpose
    social_purpose: Purpose
    pupil_c: Pupil


def grant(guardian: Guardian, pupil: Pupil, purpose: Purpose, decision: str = "granted") -> None:
    assert guardian.user is not None
    consent_decide(
        actor=guardian.user,
        pupil=pupil,
        purpose=purpose,
        decision=decision,
        by_guardian=guardian,
        method=Method.PORTAL,
    )


def tag_all(p: "PhotoWorld") -> None:
    """The usual tags: face 1 is pupil A, face 2 pupil C, face 3 a parent helping out."""
    w = p.world
    face_tag(actor=w.teacher, face=p.faces[0], pupil=w.pupil_a)
    face_tag(actor=w.teacher, face=p.faces[1], pupil=p.pupil_c)
    face_tag(actor=w.teacher, face=p.faces[2], not_a_pupil=True)


def upload(world: World, data: bytes, **kwargs: Any) -> Photo:
    event = kwargs.pop("event", None) or event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )
    return photo_upload(actor=world.teacher, event=event, data=data, group=world.group_a, **kwargs)


@pytest.fixture
def photos(world: World) -> PhotoWorld:
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    image, _boxes = samples.group_photo(3, size=(1200, 800), face_height=140)
    photo = upload(world, samples.jpeg_bytes(image))
    faces_detect(photo_id=photo.pk)
    faces = list(photo.faces.order_by("x"))
    assert len(faces) == 3
    pupil_c = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    photo.refresh_from_db()
    return PhotoWorld(
        world=world,
        event=photo.event,
        photo=photo,
        faces=faces,
        website=Channel.objects.get(board=world.board, key="website"),
        social_media=Channel.objects.get(board=world.board, key="social_media"),
        website_purpose=Purpose.objects.get(board=world.board, key="website"),
        social_purpose=Purpose.objects.get(board=world.board, key="social_media"),
        pupil_c=pupil_c,
    )
