"""The board chooses per channel whether a missing consent blocks the photo or blurs the face."""

import pytest
from django.urls import reverse

from schoolprivacy.accounts.tests.conftest import confirm_sudo, make_admin_user
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.photos.models import ChannelMode
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


def test_the_privacy_officer_switches_a_channel_to_block_and_the_gate_follows(
    photos: PhotoWorld, client: object
) -> None:
    w = photos.world
    officer = make_admin_user(w.privacy_officer)
    signed_in = sign_in_staff(client, officer)  # type: ignore[arg-type]
    confirm_sudo(signed_in, officer)
    url = reverse("admin:photos_channel_change", args=[photos.website.pk])
    response = signed_in.post(
        url,
        {
            "key": "website",
            "name": "Website",
            "name_en": "Website",
            "purpose_key": "website",
            "mode": ChannelMode.BLOCK,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    photos.website.refresh_from_db()
    assert photos.website.mode == ChannelMode.BLOCK
    assert AuditEvent.objects.filter(action="photos.channel.updated").exists()
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    outcome = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert outcome.status == "blocked"


def test_teachers_and_other_boards_cannot_change_channels(
    photos: PhotoWorld, client: object
) -> None:
    url = reverse("admin:photos_channel_change", args=[photos.website.pk])
    for persona in (photos.world.teacher, photos.world.other_board_staff):
        user = make_admin_user(persona)
        signed_in = sign_in_staff(client, user)  # type: ignore[arg-type]
        confirm_sudo(signed_in, user)
        assert signed_in.get(url).status_code in (302, 403, 404)
        assert signed_in.post(url, {"mode": "blur"}).status_code in (302, 403, 404)
    photos.website.refresh_from_db()
    assert photos.website.mode == ChannelMode.BLUR
