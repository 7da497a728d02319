"""A parent cannot use the staff sign-in, and a staff member gets no parent link."""

import pytest
from django.test import Client

from schoolprivacy.accounts.tests.conftest import events, password_step
from schoolprivacy.testing.sessions import totp_device_for

pytestmark = pytest.mark.django_db


def test_a_parent_gets_the_same_error_on_the_staff_form_as_a_wrong_password(world):
    # Even a parent account that somehow has a password is refused, with the generic message.
    world.parent.set_password("a parent password 123")
    world.parent.save()
    totp_device_for(world.teacher)

    parent = password_step(Client(), world.parent.username, "a parent password 123")
    wrong = password_step(Client(), "leerkracht", "wrong password")

    assert parent.status_code == wrong.status_code == 200
    assert not parent.wsgi_request.user.is_authenticated
    assert _error(parent.text) == _error(wrong.text)
    assert events("accounts.signin.failed")[0].context["reason"] == "not_staff"


def test_a_staff_address_gets_no_parent_link(world, mailoutbox):
    world.teacher.email = "kim@school.example"
    world.teacher.save()
    response = Client().post("/ouders/inloggen/", {"email": "kim@school.example"})
    assert response.status_code == 200
    assert mailoutbox == []
    assert events("accounts.parent_link.sent") == []


def _error(html: str) -> str:
    start = html.index('class="errorlist')
    return html[start : html.index("</ul>", start)]
