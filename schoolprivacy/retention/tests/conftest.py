from datetime import UTC, date, datetime

import pytest

from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import Pupil
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.retention.first_run import preview_store
from schoolprivacy.retention.preview import count, preview
from schoolprivacy.schools.models import Board, School


@pytest.fixture
def register(world):
    return register_install_defaults(board=world.board, actor_id=None)


@pytest.fixture(autouse=True)
def private_var(settings, tmp_path):
    """Erasure logs and kept files go to a temporary folder, never the checkout's var/."""
    settings.VAR_DIR = tmp_path


def record(pupil: Pupil, key: str, *, by=None) -> Record:
    return Record.objects.create(
        board=pupil.board,
        school=pupil.school,
        pupil=pupil,
        category_key=key,
        title="Notitie",
        body="inhoud",
        recorded_at=datetime(2020, 1, 6, tzinfo=UTC),
        recorded_by=by,
    )


def leave(pupil: Pupil, on: date) -> Pupil:
    Pupil.objects.filter(pk=pupil.pk).update(left_on=on)
    pupil.refresh_from_db()
    return pupil


def previewed(board: Board, day: date | None = None, *, by: int | None = None) -> None:
    """The privacy officer looks at the preview of every school of the board and of the whole
    board (the board-wide data), as the first run of each part needs (retention.first_run)."""
    for school in School.objects.filter(board=board):
        found = preview(board, school_id=school.pk, day=day)
        preview_store(board, school, found, actor_id=by)
    preview_store(board, None, count(board, day=day).part(None), actor_id=by)
