"""A review finding: after the audit log's own retention a chain starts from its retained start;
an event written into the removed range (at or before the start) was read by no walk, so an
attacker could add events there that `verify-audit` never looked at."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.retention import expire_oldest
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.tests.tampering import execute
from schoolprivacy.audit.verification import verify_chain

pytestmark = pytest.mark.django_db
CHAIN = 654_322


def test_an_event_put_into_the_removed_range_is_named(tmp_path: Path) -> None:
    for year in (2019, 2019, 2019, 2025, 2025):
        with time_machine.travel(datetime(year, 3, 1, tzinfo=UTC), tick=False):
            audit_record(action="people.pupil.viewed", board_id=CHAIN, actor_id=3)
    expire_oldest(
        chain=CHAIN,
        before=datetime(2021, 1, 1, tzinfo=UTC),
        out_dir=tmp_path,
        now=datetime(2026, 12, 5, tzinfo=UTC),
    )
    assert verify_chain(CHAIN).problem is None
    kept = AuditEvent.objects.filter(chain=CHAIN).order_by("seq").first()
    assert kept is not None and kept.seq == 4
    execute(
        "INSERT INTO audit_auditevent (chain, seq, occurred_at, action, actor_id, channel, "
        "subjects, fields, context, prev_hash, hash, scheme) SELECT chain, 2, occurred_at, "
        "'accounts.signin.done', actor_id, channel, subjects, fields, context, prev_hash, hash, "
        "scheme FROM audit_auditevent WHERE id = %s",
        [kept.id],
    )
    with translation.override("en"):
        report = verify_chain(CHAIN)
    assert report.problem is not None and report.problem.seq == 2
