"""A backup made under other DATA_KEYS is not reported as restored and fine: the restore exits
non-zero naming the encrypted columns it cannot open and saying what to do; with the keys the
backup was made under, the replay then erases again (decision 0043)."""

import base64
from datetime import date

import pytest
from django.db import connection

from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.retention.tests.conftest import leave, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite files"),
]

OTHER_KEY = "1:" + base64.urlsafe_b64encode(bytes(range(32))).decode()


def test_other_data_keys_are_named_and_the_replay_waits_for_the_right_ones(world, installation):
    register_install_defaults(board=world.board, actor_id=None)
    place = installation
    pupil = leave(world.pupil_a, date(2024, 11, 1))
    record(pupil, "pupil.observations")
    place.take_test_database()
    backup = place.root / "backup.sqlite3"
    assert place.run("backup", "--out", str(backup)).returncode == 0
    erased = place.step(f"erase({pupil.pk}, {world.privacy_officer.pk})")
    assert erased.returncode == 0, erased.stderr

    place.extra_env = {"DATA_KEYS": OTHER_KEY}
    restored = place.run("restore", str(backup), "--yes", "--replay-erasures")
    assert restored.returncode == 1, restored.stdout
    assert "dossier_record.title" in restored.stderr, restored.stderr
    assert "DATA_KEYS" in restored.stderr
    assert "Traceback" not in restored.stderr, restored.stderr
    assert "replay-erasures" in restored.stderr

    place.extra_env = {}  # the keys the backup was made under
    assert place.run("replay-erasures").returncode == 0
    observations = place.query(
        "SELECT COUNT(*) FROM dossier_record WHERE pupil_id = ? AND category_key = ?",
        pupil.pk,
        "pupil.observations",
    )
    assert observations == [(0,)], restored.stdout
