"""A re-import that changes every pupil records one event per pupil, written together in one
audit batch per chunk (decision 0061): 20 and 60 changed pupils take as many queries, and the
board's chain verifies with them."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.imports import pacing, services
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import TODAY
from schoolprivacy.imports.tests.test_memory import _export
from schoolprivacy.testing import factories


def _changed_import_queries(tmp_path: Path, pupils: int) -> int:
    board = factories.make_board()
    school = factories.make_school(board=board)
    path = _export(tmp_path / f"export-{pupils}.csv", pupils)
    text = path.read_text(encoding="utf-8").replace("@example.nl", f"@{pupils}.example.nl")
    path.write_text(text, encoding="utf-8")
    assert import_las(path=path, school=school, actor=None, today=TODAY).applied
    path.write_text(text.replace(";Kind;Kind Maria;", ";Kim;Kind Maria;"), encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        report = import_las(path=path, school=school, actor=None, today=TODAY)
    assert report.applied and len(report.updated) == pupils, report.problems[:3]
    updated = AuditEvent.objects.filter(chain=board.pk, action="people.pupil.updated")
    assert updated.count() == pupils
    chain = verify_chain(board.pk)
    assert chain.problem is None, str(chain.problem)
    return len(queries)


@pytest.mark.django_db
def test_twenty_and_sixty_changed_pupils_take_the_same_number_of_queries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 1000)
    monkeypatch.setattr(services, "APPLY_CHUNK_SIZE", 1000)
    monkeypatch.setattr(pacing, "APPLY_PAUSE", 0)
    assert _changed_import_queries(tmp_path, 20) == _changed_import_queries(tmp_path, 60)
