"""The privacy officer's view: the console script on a real SQLite file, exit codes included."""

import sqlite3
import subprocess
from pathlib import Path

import pytest

from schoolprivacy.testing import sqlite_files

SCRIPT = (
    "from schoolprivacy.audit.services import audit_record\n"
    "for board in (1, 2):\n"
    "    for n in range(3):\n"
    "        audit_record(action='people.pupil.updated', board_id=board, actor_id=None)\n"
)


pytestmark = pytest.mark.own_sqlite_file


def schoolprivacy(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sqlite_files.run(folder, *args)


@pytest.fixture(scope="module")
def with_events(migrated_installation: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = sqlite_files.copy_installation(migrated_installation, tmp_path_factory.mktemp("audit"))
    result = schoolprivacy(folder, "shell", "-c", SCRIPT)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def database(with_events: Path, tmp_path: Path) -> Path:
    return sqlite_files.copy_installation(with_events, tmp_path)


def test_a_checkpoint_passes_and_a_deleted_chain_fails(database):
    written = schoolprivacy(database, "audit-checkpoint", "--out", str(database / "cp.json"))
    assert written.returncode == 0, written.stderr
    assert "2 ketens, 6 gebeurtenissen" in written.stdout

    schoolprivacy(database, "shell", "-c", SCRIPT)  # the log grows
    grown = schoolprivacy(database, "verify-audit", "--against", str(database / "cp.json"))
    assert grown.returncode == 0, grown.stderr
    assert "bouwt voort op het controlepunt" in grown.stdout

    with sqlite3.connect(database / "db.sqlite3") as db:
        # The database refuses; whoever can write the file drops the guards first.
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            db.execute(f'DROP TRIGGER "{name}"')
        for table in ("audit_auditevent", "audit_auditchainhead"):
            db.execute(f"DELETE FROM {table} WHERE chain = 2")
    plain = schoolprivacy(database, "verify-audit")
    assert plain.returncode == 0, plain.stderr  # nothing of chain 2 is left to check
    against = schoolprivacy(database, "verify-audit", "--against", str(database / "cp.json"))
    assert against.returncode == 1
    assert "Keten 2 is verdwenen" in against.stderr
    assert "Een hele keten is verwijderd." in against.stderr


def test_a_changed_checkpoint_file_fails(database):
    path = database / "cp.json"
    assert schoolprivacy(database, "audit-checkpoint", "--out", str(path)).returncode == 0
    path.write_text(path.read_text().replace('"count": 3', '"count": 30', 1))
    result = schoolprivacy(database, "verify-audit", "--against", str(path))
    assert result.returncode == 1
    assert "de handtekening klopt niet" in result.stderr
