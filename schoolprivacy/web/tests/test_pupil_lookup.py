"""The privacy officer finds a pupil by name and sees every event about them: reads, changes,
consent and photo events (issue 17); nobody else gets the lookup or the page."""

import pytest
from django.urls import reverse

from schoolprivacy.access.services import break_glass_open
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}
OUTSIDERS = ["teacher", "director", "care_coordinator", "administration", "other_board_staff"]


def test_the_lookup_finds_pupils_by_name_not_by_number(world, staff_client):
    client = staff_client(world.privacy_officer)
    page = client.get(reverse("audit:pupil_lookup"), {"q": "sanne"}, headers=ENGLISH)
    html = page.content.decode()
    assert reverse("audit:pupil", args=[world.pupil_a.pk]) in html
    assert "Noor Visser" not in html
    # Too short to be a name: no listing of the board.
    html = client.get(reverse("audit:pupil_lookup"), {"q": "s"}).content.decode()
    assert "Sanne" not in html


def test_the_lookup_stays_within_the_board(world, staff_client):
    from schoolprivacy.testing import factories

    other_school = factories.make_school(board=world.other_board_staff.staff.board)
    other_group = factories.make_group(school=other_school)
    factories.make_pupil(group=other_group, first_name="Sanne", surname="Elders")
    html = (
        staff_client(world.privacy_officer)
        .get(reverse("audit:pupil_lookup"), {"q": "sanne"})
        .content.decode()
    )
    assert "Elders" not in html


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_else_gets_the_lookup_or_the_pupil_page(world, staff_client, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(reverse("audit:pupil_lookup"), {"q": "sanne"}).status_code == 404
    response = client.get(reverse("audit:pupil", args=[world.pupil_a.pk]))
    assert response.status_code == 404
    assert "Jansen" not in response.content.decode()


def test_a_parent_gets_no_pupil_page(world, parent_client):
    response = parent_client(world.parent).get(reverse("audit:pupil", args=[world.pupil_a.pk]))
    assert response.status_code == 404


def test_a_pupil_of_another_board_is_a_404_for_the_officer(world, staff_client):
    from schoolprivacy.testing import factories

    other_school = factories.make_school(board=world.other_board_staff.staff.board)
    stranger = factories.make_pupil(group=factories.make_group(school=other_school))
    response = staff_client(world.privacy_officer).get(reverse("audit:pupil", args=[stranger.pk]))
    assert response.status_code == 404


def test_the_pupil_page_shows_reads_consent_photo_and_emergency_events(world, staff_client):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    guardian = world.parent.guardian
    consent_decide(
        actor=world.parent,
        pupil=world.pupil_a,
        purpose=website,
        decision="granted",
        by_guardian=guardian,
        method=Method.PORTAL,
    )
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Leerling onwel geworden")
    audit_record(
        action="photos.face.tagged",
        board_id=world.board.id,
        actor_id=world.teacher.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_a.id)],
    )
    audit_record(
        action="dossier.special.read",
        board_id=world.board.id,
        actor_id=world.care_coordinator.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_a.id)],
        context={
            "rules": ["care.school", "care.school"],
            "categories": ["pupil.care.diagnosis"],
        },
    )
    audit_record(  # another pupil's event stays off the page
        action="photos.face.tagged",
        board_id=world.board.id,
        actor_id=world.teacher_b.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_b.id)],
    )
    html = (
        staff_client(world.privacy_officer)
        .get(reverse("audit:pupil", args=[world.pupil_a.pk]), headers=ENGLISH)
        .content.decode()
    )
    teacher = world.teacher.staff.name
    assert f"parent {guardian.name} gave consent for" in html
    assert f"{teacher} opened emergency access to pupil Sanne Jansen" in html
    assert f"{teacher} tagged pupil Sanne Jansen in a photo" in html
    assert f"{world.care_coordinator.staff.name} read special data" in html
    assert html.count("care coordinator of the pupil&#x27;s school") == 1
    assert world.teacher_b.staff.name not in html
    assert "consents.decision.granted" not in html
    # A filter narrows the pupil's events and never widens them to other pupils.
    html = (
        staff_client(world.privacy_officer)
        .get(
            reverse("audit:pupil", args=[world.pupil_a.pk]),
            {"kind": "photos"},
            headers=ENGLISH,
        )
        .content.decode()
    )
    assert f"{teacher} tagged pupil Sanne Jansen in a photo" in html
    assert "gave consent for" not in html
    assert world.teacher_b.staff.name not in html
