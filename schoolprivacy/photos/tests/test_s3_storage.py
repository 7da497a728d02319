"""Photos on S3-compatible storage (PHOTO_STORAGE=s3), against moto's in-process S3: the same
upload, detection, publication and withdrawal as on disk, with every object private."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import LazySettings
from django.urls import reverse
from moto import mock_aws

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.lib.photo_storage import photo_storage_setting
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Channel, Publication
from schoolprivacy.photos.services import (
    channels_install_defaults,
    face_tag,
    faces_detect,
    photo_publish,
    publication_withdraw,
)
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import grant, upload

BUCKET = "schoolprivacy-photos-test"
REGION = "eu-west-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings: LazySettings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "photos": photo_storage_setting(
                "s3", root=Path("unused"), bucket=BUCKET, region=REGION
            ),
        }
        yield client


def _keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _public(client: Any, key: str) -> bool:
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS for g in grants)


@pytest.mark.django_db
def test_photos_live_privately_in_the_bucket(
    s3: Any, world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    image, _boxes = samples.group_photo(2, size=(1000, 700), face_height=140)
    photo = upload(world, samples.jpeg_bytes(image))
    assert _keys(s3) == [photo.original] and photo.original.startswith("originals/")
    assert faces_detect(photo_id=photo.pk) == 2
    face = photo.faces.order_by("x").first()
    assert face is not None
    face_tag(actor=world.teacher, face=face, pupil=world.pupil_a)
    grant(
        world.parent.guardian, world.pupil_a, Purpose.objects.get(board=world.board, key="website")
    )
    website = Channel.objects.get(board=world.board, key="website")
    publication = photo_publish(actor=world.teacher, photo=photo, channel=website).publication
    assert isinstance(publication, Publication)
    assert set(_keys(s3)) == {photo.original, publication.rendition}
    assert not any(_public(s3, key) for key in _keys(s3))
    served = client.get(reverse("photos:rendition", args=[publication.token]))
    assert served.status_code == 200 and served.content == storage.read(publication.rendition)
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(actor=world.teacher, publication=publication)
    # The rendition is deleted from the bucket once the withdrawal is committed.
    assert _keys(s3) == [photo.original]
    assert client.get(reverse("photos:rendition", args=[publication.token])).status_code == 404
