"""The audit viewer: one board's events for its privacy officer, in sentences, filterable by
person, pupil, period and kind; 404 for everyone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def logged(world):
    audit_record(
        action="people.pupil.updated",
        board_id=world.board.id,
        actor_id=world.administration.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_a.id)],
        fields=["surname"],
    )
    audit_record(
        action="people.guardian.updated",
        board_id=world.board.id,
        actor_id=world.care_coordinator.id,
        subjects=[Subject(subject_types.GUARDIAN, 1)],
        fields=["phone"],
    )
    audit_record(action="people.pupil.created", board_id=None, actor_id=None)


def _page(client, **query):
    return client.get("/audit/", query, headers=ENGLISH).content.decode()


def test_the_privacy_officer_reads_the_boards_events_as_sentences(staff_client, world, logged):
    page = _page(staff_client(world.privacy_officer))
    administration = world.administration.staff.name
    assert f"{administration} changed the details of pupil Sanne Jansen" in page
    assert f"{world.care_coordinator.staff.name} changed the details of a parent" in page
    # No codes where a sentence exists; events of no board (chain 0) are not this board's log.
    assert "people.pupil.updated" not in page
    assert "added pupil" not in page


@pytest.mark.parametrize(
    "persona", ["director", "teacher", "care_coordinator", "administration", "teacher_b"]
)
def test_other_staff_get_404(staff_client, world, logged, persona):
    assert staff_client(getattr(world, persona)).get("/audit/").status_code == 404


def test_a_parent_gets_404(parent_client, world, logged):
    assert parent_client(world.parent).get("/audit/").status_code == 404


def test_it_filters_by_person_by_name(staff_client, world, logged):
    client = staff_client(world.privacy_officer)
    surname = world.administration.staff.surname
    page = _page(client, person=surname)
    assert "changed the details of pupil Sanne Jansen" in page
    assert "changed the details of a parent" not in page
    assert "changed the details" not in _page(client, person="nobody-by-that-name")


def test_it_filters_by_pupil_by_name(staff_client, world, logged):
    client = staff_client(world.privacy_officer)
    page = _page(client, pupil="sanne jan")
    assert "changed the details of pupil Sanne Jansen" in page
    assert "changed the details of a parent" not in page
    assert "Sanne Jansen" not in _page(client, pupil="Visser")


def test_it_filters_by_kind_and_period(staff_client, world, logged):
    client = staff_client(world.privacy_officer)
    audit_record(
        action="accounts.signin.succeeded",
        board_id=world.board.id,
        actor_id=world.teacher.id,
        subjects=[Subject(subject_types.USER, world.teacher.id)],
    )
    page = _page(client, kind="signin")
    assert f"{world.teacher.staff.name} signed in" in page
    assert "changed the details" not in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "changed the details" not in _page(client, since=tomorrow)
    assert "changed the details" in _page(client, until=tomorrow)


def test_it_rejects_a_reversed_date_range(staff_client, world, logged):
    response = staff_client(world.privacy_officer).get(
        "/audit/", {"since": "2026-12-01", "until": "2026-11-01"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["form"].errors


def test_a_page_of_events_takes_a_fixed_number_of_queries(
    staff_client, world, django_assert_max_num_queries
):
    client = staff_client(world.privacy_officer)
    for n in range(30):
        audit_record(
            action="dossier.dossier.opened",
            board_id=world.board.id,
            actor_id=[world.teacher.id, world.director.id, world.administration.id][n % 3],
            subjects=[Subject(subject_types.PUPIL, [world.pupil_a.id, world.pupil_b.id][n % 2])],
            context={"rules": ["teacher.own_group"], "categories": ["pupil.identity"]},
        )
    with django_assert_max_num_queries(22):
        client.get("/audit/")
