"""Shared pieces of the photo page tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schoolprivacy.conftest import World
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import PhotoWorld

EN = {"Accept-Language": "en"}
JSON = {"Accept": "application/json", **EN}
OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]


def jpeg_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def group_jpeg() -> bytes:
    image, _boxes = samples.group_photo(2, size=(800, 600), face_height=120)
    return samples.jpeg_bytes(image)


def upload_page(client: Client, world: World, files: list[SimpleUploadedFile], **extra: str):
    data = {
        "school": str(world.school_a.pk),
        "event": "new",
        "new-name": "Schoolreisje",
        "new-held_on": "2026-10-02",
        "group": str(world.group_a.pk),
        "photos": files,
        **extra,
    }
    return client.post(reverse("photos:upload"), data, headers=EN)


def pages_of(p: PhotoWorld) -> list[str]:
    return [
        reverse("photos:library"),
        reverse("photos:upload"),
        reverse("photos:photo", args=[p.photo.pk]),
        reverse("photos:who_may_appear") + f"?group={p.world.group_a.pk}",
        reverse("photos:event_create"),
    ]
