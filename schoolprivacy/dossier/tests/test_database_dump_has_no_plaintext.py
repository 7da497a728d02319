"""A dump of the database shows no diagnosis and no education number in plain text."""

import pytest
from django.db import connection

from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.dossier.tests.helpers import (
    DIAGNOSIS_TEXT,
    EDUCATION_NUMBER,
    diagnosis_and_measure,
)

pytestmark = pytest.mark.django_db


def database_dump() -> str:
    """Every value of every table, as the database itself holds it."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        values = []
        for table, column in columns:
            cursor.execute(f'SELECT "{column}"::text FROM "{table}"')
            values += [row[0] or "" for row in cursor.fetchall()]
    return "\n".join(values)


def test_no_diagnosis_or_education_number_appears_in_a_dump(world):
    diagnosis_and_measure(world.care_coordinator, world.pupil_a)
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=EDUCATION_NUMBER)

    dump = database_dump()

    assert world.pupil_a.surname in dump  # the dump really holds the data
    assert "v1:1:" in dump  # and the sealed values
    for secret in (DIAGNOSIS_TEXT, "Dyslexie", "orthopedagoog", EDUCATION_NUMBER, "Extra tijd"):
        assert secret not in dump, secret
