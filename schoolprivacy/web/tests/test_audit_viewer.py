import pytest

from schoolprivacy.accounts.sudo import grant_sudo
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import Subject, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(world):
    audit_record(
        action="people.pupil.updated",
        board_id=world.board.id,
        actor_id=world.administration.id,
        subjects=[Subject("people.pupil", world.pupil_a.id)],
        fields=["surname"],
    )
    audit_record(
        action="people.guardian.updated",
        board_id=world.board.id,
        actor_id=world.care_coordinator.id,
        subjects=[Subject("people.guardian", 1)],
        fields=["phone"],
    )
    audit_record(action="people.pupil.created", board_id=None, actor_id=None)


def test_the_privacy_officer_sees_the_boards_events(staff_client, world, logged):
    response = staff_client(world.privacy_officer).get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "people.pupil.updated" in page
    assert "people.guardian.updated" in page
    # Events of no board (chain 0) are not part of this board's log.
    assert "people.pupil.created" not in page
    assert "administratie" in page


@pytest.mark.parametrize(
    "persona", ["director", "teacher", "care_coordinator", "administration", "teacher_b"]
)
def test_other_staff_get_404(staff_client, world, logged, persona):
    assert staff_client(getattr(world, persona)).get("/audit/").status_code == 404


def test_a_parent_gets_404(parent_client, world, logged):
    assert parent_client(world.parent).get("/audit/").status_code == 404


def test_it_filters_by_action_prefix_and_actor(staff_client, world, logged):
    client = staff_client(world.privacy_officer)
    page = client.get("/audit/", {"action": "people.guardian"}).content.decode()
    assert "people.guardian.updated" in page
    assert "people.pupil.updated" not in page
    page = client.get("/audit/", {"actor": "administratie"}).content.decode()
    assert "people.pupil.updated" in page
    assert "people.guardian.updated" not in page
    page = client.get("/audit/", {"actor": "nobody-by-that-name"}).content.decode()
    assert "people.pupil.updated" not in page


def test_it_filters_by_subject(staff_client, world, logged):
    client = staff_client(world.privacy_officer)
    page = client.get(
        "/audit/", {"subject_type": "people.pupil", "subject_id": world.pupil_a.id}
    ).content.decode()
    assert "people.pupil.updated" in page
    assert "people.guardian.updated" not in page


def test_it_rejects_a_reversed_date_range(staff_client, world, logged):
    response = staff_client(world.privacy_officer).get(
        "/audit/", {"since": "2026-12-01", "until": "2026-11-01"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["form"].errors


def test_the_export_needs_recent_reauthentication(staff_client, world, logged):
    response = staff_client(world.privacy_officer).get("/audit/export.csv")
    assert response.status_code == 302
    assert "/inloggen/bevestigen/" in response["Location"]


def test_the_export_is_a_csv_of_the_boards_events_and_is_itself_audited(
    staff_client, world, logged, rf
):
    client = staff_client(world.privacy_officer)
    session = client.session
    request = rf.get("/")
    request.session = session
    grant_sudo(request)
    session.save()
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "people.pupil.updated" in body
    assert "people.pupil.created" not in body
    assert AuditEvent.objects.filter(action="audit.events.exported").count() == 1


def test_a_page_of_events_takes_a_fixed_number_of_queries(
    staff_client, world, django_assert_max_num_queries
):
    client = staff_client(world.privacy_officer)
    for n in range(30):
        audit_record(
            action="people.pupil.updated",
            board_id=world.board.id,
            actor_id=[world.teacher.id, world.director.id, world.administration.id][n % 3],
            context={"n": n},
        )
    with django_assert_max_num_queries(14):
        client.get("/audit/")
