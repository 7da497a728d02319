"""The erasure page, the purge preview page and `GET /api/v1/retention/preview`: who gets what.

Everyone but the privacy officer gets a 404 on the erasure page (the functional administrator
too: erasure is not their task); the preview is for the officer and the functional
administrator, counts only; the API answers 401 without a token and 404 outside the scope.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.dossier.models import Record
from schoolprivacy.retention.models import SubjectErasure
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/retention/preview"


def _functional_admin(world):
    staff = factories.make_staff(board=world.board, username="beheer")
    factories.assign(staff, Role.FUNCTIONAL_ADMIN)
    return staff.user


def _sudo(client) -> None:
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()


@pytest.mark.parametrize(
    "persona",
    ["director", "teacher", "care_coordinator", "administration", "other_board_staff"],
)
def test_only_the_privacy_officer_opens_the_erasure_page(world, register, staff_client, persona):
    url = reverse("retention:erasure", args=[world.pupil_a.pk])
    assert staff_client(getattr(world, persona)).get(url).status_code == 404
    assert staff_client(_functional_admin(world)).get(url).status_code == 404
    assert staff_client(world.privacy_officer).get(url).status_code == 200


def test_parents_get_404_and_an_unknown_pupil_is_404(world, register, parent_client, staff_client):
    url = reverse("retention:erasure", args=[world.pupil_a.pk])
    assert parent_client(world.parent).get(url).status_code == 404
    missing = reverse("retention:erasure", args=[999999])
    assert staff_client(world.privacy_officer).get(missing).status_code == 404


def test_dry_run_then_step_up_then_erasure(world, register, staff_client):
    pupil = leave(world.pupil_a, date(2024, 9, 1))
    record(pupil, "pupil.observations")
    client = staff_client(world.privacy_officer)
    url = reverse("retention:erasure", args=[pupil.pk])
    response = client.post(f"{url}?request=7", {"action": "plan", "request": "7"})
    erasure = SubjectErasure.objects.get()
    assert erasure.request_id == 7 and erasure.status == "planned"
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Jansen" in page.content.decode()
    # Confirming needs step-up authentication first.
    confirm = {"action": "confirm", "erasure": erasure.pk}
    response = client.post(url, confirm)
    assert response.status_code == 302 and reverse("accounts:sudo") in response["Location"]
    assert Record.objects.filter(pupil=pupil).exists()
    _sudo(client)
    client.post(url, confirm)
    erasure.refresh_from_db()
    assert erasure.status == "done"
    assert not Record.objects.filter(pupil=pupil).exists()


@pytest.mark.parametrize("persona", ["director", "teacher", "administration", "other_board_staff"])
def test_the_preview_page_is_for_the_officer_and_functional_admin(
    world, register, staff_client, persona
):
    url = reverse("retention:preview")
    assert staff_client(getattr(world, persona)).get(url).status_code == 404
    assert staff_client(_functional_admin(world)).get(url).status_code == 200
    officer = staff_client(world.privacy_officer)
    assert officer.get(f"{url}?school={world.school_a.pk}").status_code == 200
    other_board_school = factories.make_school(board=factories.make_board(name="Elders 2"))
    assert officer.get(f"{url}?school={other_board_school.pk}").status_code == 404


def test_the_preview_page_counts_per_rule(world, register, staff_client):
    pupil = leave(world.pupil_a, date(2022, 9, 1))
    record(pupil, "pupil.observations")
    page = staff_client(world.privacy_officer).get(
        f"{reverse('retention:preview')}?school={world.school_a.pk}"
    )
    html = page.content.decode()
    assert "Leerlingdossier" in html and "Jansen" not in html


def test_the_api_counts_per_rule_and_category(client, world, register):
    pupil = leave(world.pupil_a, date(2022, 9, 1))
    record(pupil, "pupil.observations")
    record(pupil, "pupil.observations")
    response = client.get(
        f"{API}?school={world.school_a.pk}", headers=bearer(world.privacy_officer)
    )
    assert response.status_code == 200
    rows = {(r["rule"], r["category"]): r["count"] for r in response.json()["rows"]}
    assert rows[("pupil_file", "pupil.observations")] == 2
    # The other school's pupils are not in it.
    other = client.get(f"{API}?school={world.school_b.pk}", headers=bearer(world.privacy_officer))
    assert other.json()["rows"] == []


def test_the_api_answers_401_and_404(client, world, register):
    assert client.get(API).status_code == 401
    assert client.get(API, headers=bearer(world.director)).status_code == 404
    assert client.get(API, headers=bearer(world.other_board_staff)).status_code == 404
    other_board_school = factories.make_school(board=factories.make_board(name="Elders 3"))
    response = client.get(
        f"{API}?school={other_board_school.pk}", headers=bearer(world.privacy_officer)
    )
    assert response.status_code == 404
    assert client.get(API, headers=bearer(_functional_admin(world))).status_code == 200
