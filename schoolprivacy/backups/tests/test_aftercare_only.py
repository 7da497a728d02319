"""`restore --aftercare-only`: after a restore done by hand (pg_restore without this product),
the steps that must follow it, so that no one is tempted to skip the one that keeps erased
people's numbers unused."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from schoolprivacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_aftercare_only_verifies_the_log_records_the_restore_and_replays(settings, tmp_path):
    settings.ERASURE_LOG_DIR = tmp_path / "erasure-log"
    output = io.StringIO()
    with translation.override("en"):
        call_command("restore", aftercare_only=True, replay_erasures=True, stdout=output)
    text = output.getvalue()
    assert "Audit log intact" in text
    assert "erasures replayed" in text
    assert AuditEvent.objects.filter(action="backups.restore.done").count() == 1


def test_a_restore_without_a_file_and_without_aftercare_only_is_refused():
    with translation.override("en"), pytest.raises(CommandError, match="backup file"):
        call_command("restore")
