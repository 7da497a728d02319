"""Writing a record: only the kinds the policy lets this user write, special kinds marked."""

import pytest
from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.models import Record

ENGLISH = {"Accept-Language": "en"}


def _url(pupil) -> str:
    return reverse("web:record_new", args=[pupil.id])


def _form(client, pupil) -> str:
    response = client.get(_url(pupil), headers=ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def test_a_teacher_may_choose_tests_observations_and_measures_only(world, staff_client):
    html = _form(staff_client(world.teacher), world.pupil_a)

    for key in ("pupil.results.tests", "pupil.observations", "pupil.care.measures"):
        assert f'value="{key}"' in html
    assert 'value="pupil.care.diagnosis"' not in html
    assert 'value="pupil.care.notes"' not in html


def test_the_care_coordinator_sees_special_kinds_clearly_marked(world, staff_client):
    html = _form(staff_client(world.care_coordinator), world.pupil_a)

    assert 'value="pupil.care.diagnosis"' in html
    assert "Diagnoses and health — special data: stored encrypted, every read is logged" in html
    assert "Observations — special" not in html


def test_saving_a_record_shows_it_on_the_pupil_page_and_audits_it(world, staff_client):
    client = staff_client(world.teacher)

    response = client.post(
        _url(world.pupil_a),
        {"category": "pupil.observations", "title": "Werkhouding", "body": "Werkt geconcentreerd."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("web:pupil", args=[world.pupil_a.id])
    record = Record.objects.get(pupil=world.pupil_a)
    assert (record.category_key, record.recorded_by) == ("pupil.observations", world.teacher)
    event = AuditEvent.objects.get(action="dossier.record.created")
    assert event.actor_id == world.teacher.id
    page = client.get(response["Location"]).content.decode()
    assert "Werkt geconcentreerd." in page


def test_a_teacher_cannot_write_a_diagnosis_by_posting_it_anyway(world, staff_client):
    response = staff_client(world.teacher).post(
        _url(world.pupil_a),
        {"category": "pupil.care.diagnosis", "title": "ADHD", "body": "Vermoeden"},
        headers=ENGLISH,
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Record.objects.exists()


def test_a_missing_title_is_explained_and_every_kind_stays_on_offer(world, staff_client):
    response = staff_client(world.teacher).post(
        _url(world.pupil_a), {"category": "pupil.observations", "title": "", "body": "x"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="pupil.results.tests"' in html
    assert 'class="errorlist' in html
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    ("persona", "pupil"),
    [
        ("director", "pupil_a"),  # may read, may write nothing
        ("teacher", "pupil_a2"),  # another group
        ("teacher_b", "pupil_a"),
        ("other_board_staff", "pupil_a"),
        ("privacy_officer", "pupil_a"),
    ],
)
def test_it_is_a_404_for_staff_who_may_not_write_about_the_pupil(
    world, staff_client, persona, pupil
):
    client = staff_client(getattr(world, persona))
    url = _url(getattr(world, pupil))

    assert client.get(url).status_code == 404
    post = client.post(url, {"category": "pupil.observations", "title": "x", "body": "y"})
    assert post.status_code == 404
    assert not Record.objects.exists()


def test_it_is_a_404_for_a_parent(world, parent_client):
    assert parent_client(world.parent).get(_url(world.pupil_a)).status_code == 404
