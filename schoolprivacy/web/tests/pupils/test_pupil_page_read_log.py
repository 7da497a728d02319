"""Opening a pupil page is logged, and a diagnosis on it is logged as a read of special data
that the privacy officer finds in the audit viewer."""

from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import EDUCATION_NUMBER, diagnosis_and_measure

OPENED = "dossier.dossier.opened"
SPECIAL_READ = "dossier.special.read"


def _open(client, pupil, **params) -> None:
    response = client.get(reverse("web:pupil", args=[pupil.id]), params)
    assert response.status_code == 200


def _events(action: str, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, actor_id=user.id).order_by("seq"))


def test_opening_the_page_writes_one_event_naming_the_categories_shown(world, staff_client):
    _open(staff_client(world.teacher), world.pupil_a)

    [event] = _events(OPENED, world.teacher)
    assert event.subjects == [{"type": "people.pupil", "id": world.pupil_a.id}]
    assert "pupil.identity" in event.context["categories"]
    assert "pupil.care.diagnosis" not in event.context["categories"]
    assert set(event.context["rules"]) == {"teacher.own_group"}
    assert _events(SPECIAL_READ, world.teacher) == []


def test_reading_a_diagnosis_is_logged_as_a_special_read(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    _open(staff_client(world.care_coordinator), world.pupil_a)

    [event] = _events(SPECIAL_READ, world.care_coordinator)
    assert event.context["categories"] == ["pupil.care.diagnosis"]
    assert event.context["rules"] == ["care.school"]
    assert event.context["roles"] == ["care_coordinator"]


def test_no_special_read_is_logged_when_there_is_no_special_data(world, staff_client):
    _open(staff_client(world.care_coordinator), world.pupil_a)

    assert len(_events(OPENED, world.care_coordinator)) == 1
    assert _events(SPECIAL_READ, world.care_coordinator) == []


def test_the_teacher_reading_the_measure_is_no_special_read(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)

    _open(staff_client(world.teacher), world.pupil_a)

    assert _events(SPECIAL_READ, world.teacher) == []


def test_showing_the_education_number_is_logged_and_masking_it_is_not(world, staff_client):
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    client = staff_client(world.administration)

    _open(client, world.pupil_a)
    assert _events(SPECIAL_READ, world.administration) == []

    _open(client, world.pupil_a, onderwijsnummer="tonen")
    [event] = _events(SPECIAL_READ, world.administration)
    assert event.context["categories"] == ["pupil.education_number"]


def test_the_privacy_officer_finds_the_special_read_in_the_audit_viewer(world, staff_client):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    _open(staff_client(world.care_coordinator), world.pupil_a)

    response = staff_client(world.privacy_officer).get(
        reverse("audit:pupil", args=[world.pupil_a.id]),
        {"kind": "reads"},
        headers={"Accept-Language": "en"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    name = world.care_coordinator.staff.name
    assert f"{name} read special data" in html  # in words, not the code {SPECIAL_READ}
    assert SPECIAL_READ not in html
    assert "Dyslexie" not in html  # the log holds references, never the data


def test_a_404_is_not_logged_as_a_read(world, staff_client):
    client = staff_client(world.teacher)

    assert client.get(reverse("web:pupil", args=[world.pupil_b.id])).status_code == 404
    assert _events(OPENED, world.teacher) == []


def test_the_parent_sees_that_the_care_coordinator_read_special_data(
    world, staff_client, parent_client
):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    _open(staff_client(world.care_coordinator), world.pupil_a)
    _open(staff_client(world.teacher), world.pupil_a)  # the measure only: no special read

    response = parent_client(world.parent).get(
        reverse("portal:child", args=[world.pupil_a.id]), headers={"Accept-Language": "en"}
    )

    html = response.content.decode()
    section = html[html.index("Who read sensitive data about your child") :]
    assert "Care coordinator" in section
    assert "Teacher" not in section
    assert "Dyslexie" not in html
