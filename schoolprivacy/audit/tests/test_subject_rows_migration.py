"""Migration 0006 rewrites the subject index to one vocabulary and the chain still verifies.

The events are made the way the code wrote them before decision 0021: dossier, access and
imports with short names, the admin with the bare model name, consents already with labels.
"""

import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from schoolprivacy.audit import subjects
from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.selectors import EventFilter, events_for_board
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.tests.test_verify_audit import verify

pytestmark = pytest.mark.django_db
migration = importlib.import_module("schoolprivacy.audit.migrations.0006_one_subject_vocabulary")


@dataclass(frozen=True)
class OldSubject:
    """A subject as audit_record accepted it before the vocabulary (any type string)."""

    type: str
    id: int

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id}


class SchemaEditor:
    """What the migration uses of a schema editor; the real one refuses to open inside the test's
    transaction on SQLite."""

    connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _old(action: str, board_id: int, *pairs: tuple[str, int]) -> AuditEvent:
    return audit_record(
        action=action,
        board_id=board_id,
        actor_id=None,
        subjects=[OldSubject(t, i) for t, i in pairs],  # type: ignore[misc]
    )


@pytest.fixture
def old_log(world: Any) -> list[AuditEvent]:
    b, pupil = world.board.id, world.pupil_a.id
    return [
        _old("dossier.special.read", b, ("pupil", pupil), ("grant", 4), ("break_glass", 5)),
        _old("access.grant.created", b, ("grant", 4), ("user", 9), ("school", 2), ("pupil", pupil)),
        _old("people.guardian.created", b, ("guardian", 3), ("pupil", pupil)),
        _old(
            "consents.decision.granted", b, ("people.pupil", pupil), ("consents.consentdecision", 1)
        ),
        # The admin recorded the bare model name; its action names the app.
        _old("schools.location.updated", b, ("location", 6)),
        _old("accounts.signin.failed", 0, ("user", 9)),
    ]


def _migrate() -> None:
    migration.forwards(apps, SchemaEditor())


def test_the_old_index_misses_half_of_the_pupils_events(world: Any, old_log: Any) -> None:
    found = events_for_board(
        world.board.id, EventFilter(subject_type=subjects.PUPIL, subject_id=world.pupil_a.id)
    )
    assert [e.action for e in found] == ["consents.decision.granted"]


def test_after_the_migration_every_event_about_the_pupil_is_found(world: Any, old_log: Any) -> None:
    _migrate()
    found = events_for_board(
        world.board.id, EventFilter(subject_type=subjects.PUPIL, subject_id=world.pupil_a.id)
    )
    assert sorted(e.action for e in found) == [
        "access.grant.created",
        "consents.decision.granted",
        "dossier.special.read",
        "people.guardian.created",
    ]


def test_the_index_is_rewritten_and_the_events_are_not(world: Any, old_log: Any) -> None:
    hashes = [(e.hash, e.subjects) for e in old_log]
    _migrate()
    assert set(AuditSubject.objects.values_list("subject_type", flat=True)) == {
        "people.pupil",
        "people.guardian",
        "accounts.user",
        "schools.school",
        "schools.location",
        "access.grant",
        "access.breakglassaccess",
        "consents.consentdecision",
    }
    after = AuditEvent.objects.order_by("chain", "seq")
    assert sorted((e.hash, e.subjects) for e in after) == sorted(hashes)


def test_the_chain_verifies_after_the_migration(world: Any, old_log: Any) -> None:
    _migrate()
    assert verify() == "intact"
    # Events written afterwards, in the new vocabulary, verify as well.
    audit_record(
        action="people.pupil.updated",
        board_id=world.board.id,
        actor_id=None,
        subjects=[Subject(subjects.PUPIL, world.pupil_a.id)],
    )
    assert verify() == "intact"


def test_the_verifier_still_notices_an_index_row_that_was_changed(world: Any, old_log: Any) -> None:
    _migrate()
    row = AuditSubject.objects.get(event=old_log[2], subject_type=subjects.GUARDIAN)
    execute(
        "UPDATE audit_auditsubject SET subject_type = %s WHERE id = %s", ["people.staff", row.id]
    )
    assert f"event id {old_log[2].id}" in verify()


def test_running_it_twice_changes_nothing(world: Any, old_log: Any) -> None:
    _migrate()
    rows = sorted(AuditSubject.objects.values_list("id", "subject_type"))
    assert migration.rewrite_subject_rows(AuditSubject) == 0
    assert sorted(AuditSubject.objects.values_list("id", "subject_type")) == rows


def test_the_index_refuses_updates_again_afterwards(world: Any, old_log: Any) -> None:
    _migrate()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSubject.objects.filter(event=old_log[0]).update(subject_id=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSubject.objects.filter(event=old_log[0]).delete()
