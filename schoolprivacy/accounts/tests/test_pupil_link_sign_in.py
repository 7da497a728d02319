"""Pupils aged 16+ sign in by emailed link too; younger pupils and leavers do not."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _pupil_with_account(world, *, age: int, email: str = "leerling@example.nl") -> Pupil:
    today = timezone.localdate()
    born = date(today.year - age, 1, 1) if today.month > 1 else date(today.year - age - 1, 1, 1)
    pupil = factories.make_pupil(
        group=world.group_b, first_name="Noa", surname="de Wit", date_of_birth=born
    )
    pupil.user = User.objects.create_user(
        username=f"pupil-{pupil.pk}", email=email, kind=User.Kind.PUPIL
    )
    pupil.save(update_fields=["user"])
    return pupil


def _link_path(mailoutbox) -> str:
    match = re.search(r"https?://[^/\s]+(/ouders/inloggen/[A-Za-z0-9_-]+/)", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


def test_a_pupil_of_16_signs_in_and_lands_on_their_own_consent_page(world, mailoutbox):
    _pupil_with_account(world, age=16)
    Client().post("/ouders/inloggen/", {"email": "Leerling@example.nl"})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["leerling@example.nl"]
    client = Client()
    response = client.post(_link_path(mailoutbox))
    assert response.status_code == 302 and response["Location"] == "/leerling/"
    assert client.get("/leerling/").status_code == 200


def test_a_pupil_under_16_gets_no_link(world, mailoutbox):
    _pupil_with_account(world, age=15)
    Client().post("/ouders/inloggen/", {"email": "leerling@example.nl"})
    assert mailoutbox == []


def test_a_pupil_who_left_gets_no_link_and_cannot_use_an_old_one(world, mailoutbox):
    pupil = _pupil_with_account(world, age=17)
    Client().post("/ouders/inloggen/", {"email": "leerling@example.nl"})
    path = _link_path(mailoutbox)
    pupil.left_on = timezone.localdate() - timedelta(days=1)
    pupil.save(update_fields=["left_on"])
    assert Client().post(path).status_code == 410
    Client().post("/ouders/inloggen/", {"email": "leerling@example.nl"})
    assert len(mailoutbox) == 1


def test_a_signed_in_pupil_does_not_reach_parent_or_staff_pages(world, mailoutbox):
    _pupil_with_account(world, age=16)
    Client().post("/ouders/inloggen/", {"email": "leerling@example.nl"})
    client = Client()
    client.post(_link_path(mailoutbox))
    assert client.get("/ouders/").status_code == 404
    assert client.get(f"/groepen/{world.group_b.id}/").status_code == 404


def test_parents_still_sign_in_to_the_portal(world, mailoutbox):
    Client().post("/ouders/inloggen/", {"email": "ouder@example.nl"})
    response = Client().post(_link_path(mailoutbox))
    assert response["Location"] == "/ouders/"
