"""The issue's acceptance check: verify-audit passes on the demo database and names the event
after any single audit row is altered or deleted directly in the database."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.tests.tampering import execute


def verify() -> str:
    try:
        with translation.override("en"):
            call_command("verify_audit", quiet=True)
    except CommandError as error:
        return str(error)
    return "intact"


def test_the_demo_log_is_intact(demo):
    assert AuditEvent.objects.filter(chain=demo.id).count() >= 5
    assert verify() == "intact"


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_altering_any_demo_event_is_named(demo, position):
    events = list(AuditEvent.objects.filter(chain=demo.id).order_by("seq"))
    target = {"first": events[0], "middle": events[len(events) // 2], "last": events[-1]}[position]
    execute("UPDATE audit_auditevent SET context = %s WHERE id = %s", ['{"pupils": 1}', target.id])
    assert f"event id {target.id}" in verify()


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_deleting_any_demo_event_is_noticed(demo, position):
    events = list(AuditEvent.objects.filter(chain=demo.id).order_by("seq"))
    target = {"first": events[0], "middle": events[len(events) // 2], "last": events[-1]}[position]
    execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [target.id])
    execute("DELETE FROM audit_auditevent WHERE id = %s", [target.id])
    message = verify()
    assert message != "intact"
    assert f"chain {demo.id}" in message
