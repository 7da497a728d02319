"""Killing the process between a withdrawal's commit and its handling loses no event.

A real process on a real database file: it withdraws consent and is killed with SIGKILL by an
on-commit callback registered before the service's own (so the task is never enqueued). A later
`handle-consent-events` run handles the event, and a third run finds nothing left.
"""

import signal
from pathlib import Path

import pytest

from schoolprivacy.testing import sqlite_files

pytestmark = pytest.mark.own_sqlite_file

WITHDRAW_AND_DIE = """
import os, signal
from datetime import date
from django.db import transaction
from schoolprivacy.consents.models import ConsentEvent, Method, Purpose
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.people.models import GuardianRelation

holders = GuardianRelation.objects.filter(
    has_parental_authority=True, guardian__user__isnull=False
).select_related("pupil", "guardian__user")
relation = next(r for r in holders if r.pupil.age_on(date.today()) < 16)
purpose = Purpose.objects.get(board_id=relation.board_id, school__isnull=True, key="website")
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    consent_decide(actor=relation.guardian.user, pupil=relation.pupil, purpose=purpose,
                   decision="withdrawn", by_guardian=relation.guardian, method=Method.PORTAL)
"""


def test_a_killed_process_loses_no_withdrawal(demo_installation: Path, tmp_path: Path) -> None:
    sqlite_files.copy_installation(demo_installation, tmp_path)
    killed = sqlite_files.run(tmp_path, "shell", "-c", WITHDRAW_AND_DIE)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    first = sqlite_files.run(tmp_path, "handle-consent-events")
    assert first.returncode == 0, first.stderr
    assert "handled: 1." in first.stdout
    again = sqlite_files.run(tmp_path, "handle-consent-events")
    assert "handled: 0." in again.stdout
