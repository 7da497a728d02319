"""The database itself keeps the ledger and published texts unchanged, on SQLite and on
PostgreSQL (issue 10, point 5): a raw UPDATE or DELETE, or a bulk update that skips save(),
fails; a draft text can still be edited."""

import pytest
from django.db import DatabaseError, connection, transaction

from schoolprivacy.consents.models import ConsentDecision, PurposeText
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def _refused(sql: str, params: list[int]) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_a_decision_cannot_be_changed_or_deleted_in_the_database(consent: Consent) -> None:
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")
    row = ConsentDecision.objects.get()
    table = ConsentDecision._meta.db_table
    assert _refused(f"UPDATE {table} SET decision = 'refused' WHERE id = %s", [row.pk])
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsentDecision.objects.filter(pk=row.pk).update(decision="refused")
    assert ConsentDecision.objects.get().decision == "granted"


def test_a_published_text_cannot_be_changed_or_deleted_but_a_draft_can(consent: Consent) -> None:
    published = consent.website.texts.get()
    table = PurposeText._meta.db_table
    assert _refused(f"UPDATE {table} SET text_nl = 'anders' WHERE id = %s", [published.pk])
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [published.pk])
    draft = PurposeText.objects.create(
        board=consent.world.board, purpose=consent.website, version=9, text_nl="concept"
    )
    assert not _refused(f"UPDATE {table} SET text_nl = 'beter' WHERE id = %s", [draft.pk])
    assert not _refused(f"DELETE FROM {table} WHERE id = %s", [draft.pk])
    published.refresh_from_db()
    assert published.text_nl != "anders"
