import pytest
from django.test import Client

from schoolprivacy.accounts.otp import backup_codes_generate
from schoolprivacy.accounts.tests.conftest import events, password_step
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = pytest.mark.django_db


def test_a_backup_code_works_once(world):
    totp_device_for(world.teacher)
    code = backup_codes_generate(user=world.teacher)[0]

    first = Client()
    password_step(first, "leerkracht")
    response = first.post("/inloggen/tweede-stap/", {"code": code.upper()})
    assert response["Location"] == "/"
    assert response.wsgi_request.user.is_verified()
    assert events("accounts.signin.succeeded")[0].context == {"method": "backup_code"}
    page = first.get("/")
    assert "9 backup codes left" in page.text

    second = Client()
    password_step(second, "leerkracht")
    response = second.post("/inloggen/tweede-stap/", {"code": code})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_verified()
