"""Steps the backup tests run in a separate `schoolprivacy shell` process against the live
database file: the erasure through the real path, audit events after the backup, a writer that
keeps writing while the backup is made, and a pupil added after a restore."""

import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import audit_record
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Pupil
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run
from schoolprivacy.schools.models import Group
from schoolprivacy.testing import factories

LONG_AGO = date(2024, 11, 1)


def _records(pupil: Pupil) -> None:
    for key in ("pupil.observations", "pupil.results.tests", "pupil.absence"):
        Record.objects.create(
            board=pupil.board,
            school=pupil.school,
            pupil=pupil,
            category_key=key,
            title="Notitie",
            body="inhoud",
            recorded_at=datetime(2020, 1, 6, tzinfo=UTC),
        )


def left_pupil_with_records(group_id: int, name: str) -> Pupil:
    pupil = factories.make_pupil(group=Group.objects.get(pk=group_id), first_name=name)
    Pupil.objects.filter(pk=pupil.pk).update(left_on=LONG_AGO)
    _records(pupil)
    return pupil


def erase(pupil_id: int, officer_id: int) -> None:
    """What the privacy officer's erasure page does: the dry run, then the confirmation."""
    officer = User.objects.get(pk=officer_id)
    pupil = Pupil.objects.get(pk=pupil_id)
    erasure = erasure_dry_run(actor=officer, subject=DataSubject.of(pupil))
    erasure_confirm(actor=officer, erasure_id=erasure.pk, board_id=pupil.board_id)


def after_the_backup(pupil_id: int, officer_id: int, group_id: int) -> None:
    """Erase a pupil of the backup, add and erase a pupil the backup does not have, and record
    more events: everything a restore loses and the replay must make up for."""
    erase(pupil_id, officer_id)
    newcomer = left_pupil_with_records(group_id, "Nieuw")
    erase(newcomer.pk, officer_id)
    for n in range(3):
        audit_record(
            action="backups.test.after_backup",
            board_id=newcomer.board_id,
            actor_id=officer_id,
            context={"n": n},
            channel="command",
        )
    print(json.dumps({"newcomer": newcomer.pk}))


def pupil_after_restore(group_id: int) -> None:
    pupil = left_pupil_with_records(group_id, "Daarna")
    print(json.dumps({"pupil": pupil.pk}))


def keep_writing(board_id: int, stop: str) -> None:
    """Append audit events until the file `stop` exists (at most a minute)."""
    deadline = time.monotonic() + 60
    written = 0
    while not Path(stop).exists() and time.monotonic() < deadline:
        audit_record(
            action="backups.test.written", board_id=board_id, actor_id=None, channel="command"
        )
        written += 1
        if written == 1:
            print("writing", flush=True)
    print(json.dumps({"written": written}), flush=True)
    sys.stdout.flush()
