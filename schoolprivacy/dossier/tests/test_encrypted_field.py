"""EncryptedTextField: sealed on save with the newest key, opened on load with the one it names."""

import base64
import json
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.tests.helpers import DIAGNOSIS_TEXT, diagnosis_and_measure
from schoolprivacy.encryption import EncryptedTextField, encrypted_fields
from schoolprivacy.lib import sealed

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64decode("ZGVtby1hbmQtdGVzdC1vbmx5LWtleS1ub3Qtc2VjcmU=")
NEW = b"n" * 32


def stored(record: Record, column: str = "body") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM dossier_record WHERE id = %s", [record.pk])
        return cursor.fetchone()[0]


def test_it_stores_an_envelope_and_reads_the_text(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    assert stored(diagnosis).startswith("v1:1:")
    assert DIAGNOSIS_TEXT not in stored(diagnosis)
    assert Record.objects.get(pk=diagnosis.pk).body == DIAGNOSIS_TEXT


def test_a_new_key_seals_new_values_while_old_ones_still_open(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with override_settings(DATA_KEYS={1: OLD, 2: NEW}):
        Record.objects.filter(pk=diagnosis.pk).update(title="Nieuwe titel")
        assert stored(diagnosis, "title").startswith("v1:2:")
        assert stored(diagnosis).startswith("v1:1:")
        reread = Record.objects.get(pk=diagnosis.pk)
        assert (reread.title, reread.body) == ("Nieuwe titel", DIAGNOSIS_TEXT)


def test_reading_without_the_key_fails_loudly_and_names_the_key(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with override_settings(DATA_KEYS={2: NEW}), pytest.raises(sealed.UnknownKey, match="key 1"):
        Record.objects.get(pk=diagnosis.pk)


def test_a_value_moved_to_another_column_does_not_open(world):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dossier_record SET title = body WHERE id = %s", [diagnosis.pk])
    with pytest.raises(sealed.CannotOpen):
        Record.objects.get(pk=diagnosis.pk)


def test_empty_stays_empty_so_constraints_can_test_it(world):
    record = Record.objects.create(
        board=world.board,
        school=world.school_a,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Let goed op",
        body="",
        recorded_at="2026-09-01T10:00Z",
    )
    assert stored(record) == ""
    assert Record.objects.filter(body="").get() == record


def test_searching_by_value_is_refused_instead_of_silently_finding_nothing(world):
    with pytest.raises(FieldError, match="only be compared with ''"):
        list(Record.objects.filter(body="Dyslexie"))
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(Record.objects.filter(body__icontains="Dyslexie"))


def test_dumpdata_writes_envelopes_and_loaddata_reads_them(world, tmp_path):
    diagnosis, _ = diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    out = StringIO()
    call_command("dumpdata", "dossier.record", stdout=out)
    assert DIAGNOSIS_TEXT not in out.getvalue()
    fixture = tmp_path / "records.json"
    fixture.write_text(out.getvalue())
    Record.objects.filter(based_on__isnull=False).delete()
    Record.objects.all().delete()
    call_command("loaddata", str(fixture), stdout=StringIO())
    assert Record.objects.get(pk=diagnosis.pk).body == DIAGNOSIS_TEXT
    assert json.loads(out.getvalue())[0]["fields"]["body"].startswith("v1:")


def test_every_encrypted_column_has_its_own_purpose():
    purposes = [field.purpose for _, field in encrypted_fields()]
    assert len(purposes) == len(set(purposes))
    assert {"people_pupil.education_number", "dossier_record.title", "dossier_record.body"} <= set(
        purposes
    )
    assert all(isinstance(field, EncryptedTextField) for _, field in encrypted_fields())
