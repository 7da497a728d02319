"""First sign-in: link an authenticator app by QR code, then see ten backup codes once."""

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.accounts.tests.conftest import code_for, events, password_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_staff_client(world):
    client = Client()
    response = password_step(client, "leerkracht")
    assert response["Location"] == "/inloggen/koppelen/"
    return client


def test_it_shows_a_qr_code_and_the_secret_to_type(world, new_staff_client):
    page = new_staff_client.get("/inloggen/koppelen/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=world.teacher)
    assert not device.confirmed
    img = re.search(r'<img src="(data:image/svg\+xml[^"]+)" alt="([^"]+)"', page.text)
    assert img is not None
    assert "QR code" in img.group(2)
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page.text
    assert 'name="code"' in page.text


def test_a_reload_keeps_the_same_secret(world, new_staff_client):
    new_staff_client.get("/inloggen/koppelen/")
    new_staff_client.get("/inloggen/koppelen/")
    assert TOTPDevice.objects.filter(user=world.teacher).count() == 1


def test_it_links_the_app_and_shows_ten_backup_codes_once(world, new_staff_client):
    new_staff_client.get("/inloggen/koppelen/")
    device = TOTPDevice.objects.get(user=world.teacher)

    response = new_staff_client.post("/inloggen/koppelen/", {"code": code_for(device)})
    assert response["Location"] == "/inloggen/reservecodes/"
    device.refresh_from_db()
    assert device.confirmed

    page = new_staff_client.get("/inloggen/reservecodes/")
    tokens = set(
        StaticToken.objects.filter(device__user=world.teacher).values_list("token", flat=True)
    )
    assert len(tokens) == 10
    assert all(f"<code>{token}</code>" in page.text for token in tokens)
    assert 'href="/"' in page.text
    assert page.wsgi_request.user.is_verified()

    again = new_staff_client.get("/inloggen/reservecodes/")
    assert not any(token in again.text for token in tokens)

    assert len(events("accounts.totp.enrolled")) == 1
    assert events("accounts.backup_codes.generated")[0].context == {"count": 10}
    assert events("accounts.signin.succeeded")[0].context == {"method": "enrolment"}


def test_it_refuses_a_wrong_code_during_enrolment(world, new_staff_client):
    new_staff_client.get("/inloggen/koppelen/")
    response = new_staff_client.post("/inloggen/koppelen/", {"code": "123456"})
    assert response.status_code == 200
    assert "That code does not match" in response.text
    assert not TOTPDevice.objects.get(user=world.teacher).confirmed
    assert new_staff_client.get("/")["Location"] == "/inloggen/tweede-stap/"


def test_a_linked_app_cannot_be_replaced_with_the_password_alone(world, new_staff_client):
    TOTPDevice.objects.create(user=world.teacher, name="phone", confirmed=True)
    response = new_staff_client.get("/inloggen/koppelen/")
    assert response["Location"] == "/inloggen/tweede-stap/"
