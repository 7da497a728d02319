"""Killing the process between a withdrawal's commit and its handling loses no event.

A real process on a real database file: it withdraws consent and is killed with SIGKILL by an
on-commit callback registered before the service's own (so the task is never enqueued). A later
`handle-consent-events` run handles the event, and a third run finds nothing left.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

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


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SCHOOLPRIVACY_MODE"}
    env.update(
        SCHOOLPRIVACY_MODE="demo",
        SCHOOLPRIVACY_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "-m", "schoolprivacy", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_a_killed_process_loses_no_withdrawal(tmp_path: Path) -> None:
    seeded = _run(tmp_path, "demo", "--no-serve")
    assert seeded.returncode == 0, seeded.stderr
    killed = _run(tmp_path, "shell", "-c", WITHDRAW_AND_DIE)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    first = _run(tmp_path, "handle-consent-events")
    assert first.returncode == 0, first.stderr
    assert "handled: 1." in first.stdout
    again = _run(tmp_path, "handle-consent-events")
    assert "handled: 0." in again.stdout
