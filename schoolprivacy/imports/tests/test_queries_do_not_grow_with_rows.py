"""An import costs a fixed number of queries per chunk, never one per row (issue 18.2): within
one chunk, 20 and 60 pupils with their guardians, links and groups take exactly as many queries,
for the first import (check, apply, audit events, parent accounts) and for an unchanged
re-import. A query per row, per guardian or per link would show as a difference of at least 40."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.imports import services
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import TODAY
from schoolprivacy.imports.tests.test_memory import _export
from schoolprivacy.testing import factories


def _queries(tmp_path: Path, pupils: int) -> tuple[int, int]:
    school = factories.make_school(board=factories.make_board())
    path = _export(tmp_path / f"export-{pupils}.csv", pupils)
    # Addresses of their own: parents of another board's file would be conflicts here.
    text = path.read_text(encoding="utf-8").replace("@example.nl", f"@{pupils}.example.nl")
    path.write_text(text, encoding="utf-8")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            report = import_las(path=path, school=school, actor=None, today=TODAY)
        assert report.applied and not report.problems, report.problems[:3]
        counts.append(len(queries))
    assert report.unchanged == pupils and not report.has_changes
    return counts[0], counts[1]


@pytest.mark.django_db
def test_twenty_and_sixty_pupils_take_the_same_number_of_queries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", 1000)
    monkeypatch.setattr(services, "APPLY_CHUNK_SIZE", 1000)
    monkeypatch.setattr(services, "APPLY_PAUSE", 0)
    small = _queries(tmp_path, 20)
    large = _queries(tmp_path, 60)
    assert small == large, (small, large)
    # An unchanged re-import reads and compares, and writes nothing but the run's own event.
    assert small[1] < small[0], small
