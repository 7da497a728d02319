"""A platform operator who looks at pupil rows in the technical admin is in the read log.

Board roles cannot open the admin's pupil-data pages (decision 0023); a superuser can, and until
now left no trace. Every list page and every opened row of a pupil-data model now writes
`admin.pupil_data.read` into the chain of the board whose pupils were shown (issue 11 §2).
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.access.read_log import reads_by_user, reads_of_pupil
from schoolprivacy.access.reads import ADMIN_READ
from schoolprivacy.accounts.tests.conftest import make_admin_user
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(world: Any) -> Any:
    root = make_admin_user(world.director)
    root.is_superuser = True
    root.save()
    return sign_in_staff(Client(), root), root


def _admin_reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=ADMIN_READ).order_by("seq"))


def test_opening_a_pupil_in_the_admin_is_logged_for_that_pupil(world, operator):
    client, root = operator
    url = reverse("admin:people_pupil_change", args=[world.pupil_b.pk])
    assert client.get(url).status_code == 200
    [event] = _admin_reads()
    assert event.chain == world.board.pk and event.actor_id == root.pk
    assert {"type": subject_types.PUPIL, "id": world.pupil_b.pk} in event.subjects
    assert event.context["rules"] == ["platform_operator"]
    # The oversight pages find it: "who read this pupil" and "what did this user read".
    assert reads_of_pupil(world.board.pk, world.pupil_b.pk).filter(pk=event.pk).exists()
    assert reads_by_user(world.board.pk, root.pk).filter(pk=event.pk).exists()


def test_a_list_page_logs_every_pupil_it_showed_per_board(world, operator):
    client, _root = operator
    assert client.get(reverse("admin:people_pupil_changelist")).status_code == 200
    events = _admin_reads()
    shown = {s["id"] for e in events for s in e.subjects if s["type"] == subject_types.PUPIL}
    assert shown == set(Pupil.objects.values_list("pk", flat=True))
    # One event per board whose pupils were on the page, in that board's chain.
    assert {e.chain for e in events} == set(Pupil.objects.values_list("board_id", flat=True))


def test_a_guardian_row_names_the_guardian_and_their_children(world, operator):
    client, _root = operator
    guardian = Guardian.objects.get(user=world.parent_b)
    children = set(
        GuardianRelation.objects.filter(guardian=guardian).values_list("pupil_id", flat=True)
    )
    assert (
        client.get(reverse("admin:people_guardian_change", args=[guardian.pk])).status_code == 200
    )
    [event] = _admin_reads()
    subjects = {(s["type"], s["id"]) for s in event.subjects}
    assert (subject_types.GUARDIAN, guardian.pk) in subjects
    assert {(subject_types.PUPIL, p) for p in children} <= subjects
    assert children


def test_structure_pages_and_refused_visits_log_no_read(world, operator):
    client, _root = operator
    assert client.get(reverse("admin:schools_school_changelist")).status_code == 200
    officer = make_admin_user(world.privacy_officer)
    refused = sign_in_staff(Client(), officer).get(
        reverse("admin:people_pupil_change", args=[world.pupil_b.pk])
    )
    assert refused.status_code == 403
    assert _admin_reads() == []
