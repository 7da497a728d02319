"""`schoolprivacy rotate-keys` moves every value to the newest key; `--check` proves it."""

import base64
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.education_numbers import pupils_by_education_number
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import (
    DIAGNOSIS_TEXT,
    EDUCATION_NUMBER,
    diagnosis_and_measure,
)
from schoolprivacy.imports import kept
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64decode("ZGVtby1hbmQtdGVzdC1vbmx5LWtleS1ub3Qtc2VjcmU=")
TWO_KEYS = {1: OLD, 2: b"n" * 32}


def raw_values() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM dossier_record")
        values = [v for row in cursor.fetchall() for v in row if v]
        cursor.execute("SELECT education_number, education_number_hash FROM people_pupil")
        return values + [v for row in cursor.fetchall() for v in row if v]


def rotate(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("rotate_keys", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def sealed_with_key_1(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)
    assert all(v.startswith(("v1:1:", "1:")) for v in raw_values())
    return world


def test_check_fails_while_values_are_under_an_old_key(sealed_with_key_1):
    with override_settings(DATA_KEYS=TWO_KEYS), pytest.raises(CommandError, match="rotate-keys"):
        rotate("--check")


def test_rotation_leaves_nothing_under_the_old_key(sealed_with_key_1):
    with override_settings(DATA_KEYS=TWO_KEYS):
        output = rotate("--batch-size", "1")
        # Progress per batch: the two record bodies, one at a time.
        assert "dossier_record.body: 1 of 2" in output
        assert "dossier_record.body: 2 of 2" in output
        values = raw_values()
        assert len(values) == 6
        assert all(v.startswith(("v1:2:", "2:")) for v in values), values
        assert "under the newest key (2)" in rotate("--check")

    # The old key can now go: everything opens with the new one alone.
    with override_settings(DATA_KEYS={2: TWO_KEYS[2]}):
        assert {r.body for r in Record.objects.all()} >= {DIAGNOSIS_TEXT}
        assert Pupil.objects.get(pk=sealed_with_key_1.pupil_a.pk).education_number == (
            EDUCATION_NUMBER
        )
        found = pupils_by_education_number(
            board_id=sealed_with_key_1.board.pk, number=EDUCATION_NUMBER
        )
        assert list(found) == [sealed_with_key_1.pupil_a]


def test_a_second_run_changes_nothing(sealed_with_key_1):
    with override_settings(DATA_KEYS=TWO_KEYS):
        rotate()
        before = raw_values()
        rotate()
        assert raw_values() == before


def test_each_run_is_audited_with_counts_only(sealed_with_key_1):
    with override_settings(DATA_KEYS=TWO_KEYS):
        rotate()
    event = AuditEvent.objects.get(action="dossier.keys.rotated")
    assert event.context["key_id"] == 2
    assert event.context["dossier_record.body"] == 2
    assert event.context["people_pupil.education_number"] == 1
    assert event.context["total"] == 6
    assert event.chain == 0 and event.channel == "command"


def test_imports_find_pupils_by_number_before_rotation_too(sealed_with_key_1):
    with override_settings(DATA_KEYS=TWO_KEYS):
        found = pupils_by_education_number(
            board_id=sealed_with_key_1.board.pk, number="9999.90.019"
        )
        assert list(found) == [sealed_with_key_1.pupil_a]


# Not UTF-8 (a latin-1 ü): a kept file is bytes, like an .xlsx.
EXPORT = b"Leerlingnummer;Achternaam;BSN\n1001;M\xfcller;999990019\n"


@pytest.fixture
def kept_under_key_1(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    source = tmp_path / "upload.csv"
    source.write_bytes(EXPORT)
    path = kept.keep(source, board_id=1, run_id=7)
    assert path.read_text(encoding="ascii").startswith("v1:1:")
    return path


def test_check_names_kept_import_files_under_an_old_key(kept_under_key_1: Path) -> None:
    with (
        override_settings(DATA_KEYS=TWO_KEYS),
        pytest.raises(CommandError, match=r"imports\.kept_file: 1"),
    ):
        rotate("--check")


def test_kept_import_files_open_with_the_new_key_alone_after_rotation(
    kept_under_key_1: Path,
) -> None:
    with override_settings(DATA_KEYS=TWO_KEYS):
        assert "imports.kept_file: 1 of 1" in rotate()
        assert kept_under_key_1.read_text(encoding="ascii").startswith("v1:2:")
        assert "under the newest key (2)" in rotate("--check")
        before = kept_under_key_1.read_text(encoding="ascii")
        rotate()
        assert kept_under_key_1.read_text(encoding="ascii") == before
    with override_settings(DATA_KEYS={2: TWO_KEYS[2]}):
        assert kept.read(kept_under_key_1) == EXPORT
    # Only the file itself: no partial copy left behind, still readable by its owner alone.
    assert [p.name for p in kept_under_key_1.parent.iterdir()] == ["7"]
    assert kept_under_key_1.stat().st_mode & 0o777 == 0o600
    event = AuditEvent.objects.get(action="imports.kept_file.rotated")
    assert event.context == {"key_id": 2, "total": 1} and event.chain == 0
