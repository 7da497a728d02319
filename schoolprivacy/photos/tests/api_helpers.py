"""Shared pieces of the photo API tests: token clients, upload files, a live publication."""

import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.photos.models import Publication
from schoolprivacy.photos.services import photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld

OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]
Capture = Callable[..., Any]


def api_client(user: User) -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}"})


def upload_file(data: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def post_json(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def live_publication(p: PhotoWorld) -> Publication:
    outcome = photo_publish(actor=p.world.teacher, photo=p.photo, channel=p.website)
    assert outcome.publication is not None
    return outcome.publication


def pixels_of(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --- upload -----------------------------------------------------------------------------------
