"""The audit log as CSV: local times and names, the privacy officer only, after confirming the
password, and the export is itself audited."""

import pytest
from django.utils import timezone

from schoolprivacy.accounts.sudo import grant_sudo
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import Subject, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def read(world):
    return audit_record(
        action="dossier.dossier.opened",
        board_id=world.board.id,
        actor_id=world.care_coordinator.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_a.id)],
        context={"rules": ["care.school", "care.school"], "categories": ["pupil.identity"]},
    )


def _with_sudo(client, rf):
    session = client.session
    request = rf.get("/")
    request.session = session
    grant_sudo(request)
    session.save()
    return client


def test_the_export_needs_recent_reauthentication(staff_client, world, read):
    response = staff_client(world.privacy_officer).get("/audit/export.csv")
    assert response.status_code == 302
    assert "/inloggen/bevestigen/" in response["Location"]


@pytest.mark.parametrize("persona", ["director", "care_coordinator", "other_board_staff"])
def test_only_the_privacy_officer_gets_it(staff_client, world, read, rf, persona):
    client = _with_sudo(staff_client(getattr(world, persona)), rf)
    assert client.get("/audit/export.csv").status_code == 404


def test_it_has_local_times_names_and_sentences_and_is_audited(staff_client, world, read, rf):
    client = _with_sudo(staff_client(world.privacy_officer), rf)
    response = client.get("/audit/export.csv", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    local = timezone.localtime(read.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
    name = world.care_coordinator.staff.name
    assert local in body
    assert f"{name} opened the file of pupil Sanne Jansen" in body
    # The rule once, in words.
    assert body.count("care coordinator of the pupil's school") == 1
    assert "Europe/Amsterdam" in body
    assert AuditEvent.objects.filter(action="audit.events.exported").count() == 1


def test_the_pupil_page_exports_only_that_pupils_events(staff_client, world, read, rf):
    audit_record(
        action="dossier.dossier.opened",
        board_id=world.board.id,
        actor_id=world.teacher_b.id,
        subjects=[Subject(subject_types.PUPIL, world.pupil_b.id)],
    )
    client = _with_sudo(staff_client(world.privacy_officer), rf)
    response = client.get("/audit/export.csv", {"pupil_id": world.pupil_a.id})
    body = b"".join(response.streaming_content).decode()
    assert "Sanne Jansen" in body
    assert "Noor Visser" not in body
