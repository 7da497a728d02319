"""`schoolprivacy backup --out` never writes onto the live database (or its -wal/-shm files), by
its path or through a symlink: the rename would put the copy in place of the file the service
has open, beside a -wal that belongs to the old file (decision 0043, failure 4)."""

import os

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite files"),
]


def test_out_naming_the_database_is_refused(world, installation):
    place = installation
    place.take_test_database()
    before = os.stat(place.database).st_ino
    link = place.root / "link.sqlite3"
    link.symlink_to(place.database)
    for out in (place.database, link, place.root / "live.sqlite3-wal", place.root / "."):
        refused = place.run("backup", "--out", str(out))
        assert refused.returncode == 1, (out, refused.stdout)
        assert "Traceback" not in refused.stderr, refused.stderr
        assert str(out) in refused.stderr, refused.stderr
        after = os.stat(place.database).st_ino  # the same file, not a copy renamed onto it
        assert after == before, out
    assert link.is_symlink()
    assert not (place.root / "live.sqlite3-wal").exists()
