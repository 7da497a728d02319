"""The audit log's retention rule as a phase of the purge (issue 16 item 3, decision 0041)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from schoolprivacy.audit.models import AuditEvent, AuditRetainedStart
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.register.models import RetentionRule
from schoolprivacy.retention.batches import board_wide
from schoolprivacy.retention.candidates import PHASES

pytestmark = pytest.mark.django_db


def test_the_purge_removes_audit_events_older_than_the_setting(world, settings, tmp_path):
    settings.AUDIT_RETAINED_DIR = str(tmp_path)
    settings.AUDIT_RETENTION_YEARS = 5
    board = world.board.id
    kept_before = AuditEvent.objects.filter(chain=board).count()
    with time_machine.travel(datetime(2019, 6, 1, tzinfo=UTC), tick=False):
        for _ in range(3):
            audit_record(action="people.pupil.viewed", board_id=board, actor_id=None)
    old = AuditEvent.objects.filter(chain=board, occurred_at__lt=datetime(2021, 1, 1, tzinfo=UTC))
    expected = old.count()
    assert expected >= 3
    day = date(2026, 12, 5)
    assert PHASES[-1] == "audit_log"
    # The board's register rule decides (the same one the statement's capability checks).
    RetentionRule.objects.update_or_create(
        board_id=board,
        code="audit_log",
        defaults={"name": "Toegangslog", "event": "created", "years": 10, "months": 0},
    )
    assert board_wide(board, "audit_log", day, dry_run=True) == {}
    RetentionRule.objects.filter(board_id=board, code="audit_log").update(years=5)
    # The preview (a dry run) counts, under the register's rule and category for the log.
    preview = board_wide(board, "audit_log", day, dry_run=True)
    assert preview == {(None, "audit_log", "staff.activity"): expected}
    assert not AuditRetainedStart.objects.filter(chain=board).exists()
    assert board_wide(board, "audit_log", day, dry_run=False) == preview
    start = AuditRetainedStart.objects.get(chain=board)
    assert start.count == expected
    assert [p.read_text(encoding="utf-8") for p in tmp_path.iterdir()] == [start.document]
    report = verify_chain(board)
    assert report.problem is None
    assert report.checked == kept_before + 3 - expected + 1  # and the event of the removal


def test_the_installations_own_chain_expires_too(world, settings, tmp_path):
    """Events of no board (chain 0) follow AUDIT_RETENTION_YEARS; the chain still verifies."""
    settings.AUDIT_RETAINED_DIR = str(tmp_path)
    settings.AUDIT_RETENTION_YEARS = 5
    with time_machine.travel(datetime(2019, 6, 1, tzinfo=UTC), tick=False):
        for _ in range(2):
            audit_record(action="backups.restore.done", board_id=None, actor_id=None)
    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC), tick=False):
        audit_record(action="backups.restore.done", board_id=None, actor_id=None)
    old = AuditEvent.objects.filter(chain=0, occurred_at__lt=datetime(2021, 12, 5, tzinfo=UTC))
    expected = old.count()
    assert expected >= 2
    day = date(2026, 12, 5)
    preview = board_wide(world.board.id, "audit_log", day, dry_run=True)
    assert preview[(None, "audit_log", "staff.activity")] >= expected
    board_wide(world.board.id, "audit_log", day, dry_run=False)
    assert not old.exists()
    assert AuditRetainedStart.objects.get(chain=0).count == expected
    assert verify_chain(0).problem is None
    # A second board's run the same night finds nothing more of chain 0.
    other = board_wide(world.board.id, "audit_log", day, dry_run=True)
    assert other == {}
