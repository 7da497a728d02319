"""Brothers and sisters list the same parents on their own lines: with the same details that is
no warning; with other details it is (test_real_exports.py)."""

from pathlib import Path

import pytest

from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tests.helpers import TODAY
from schoolprivacy.imports.tests.test_memory import _export, _school


@pytest.mark.django_db
def test_parents_listed_again_with_the_same_details_give_no_warning(tmp_path: Path) -> None:
    # Every tenth pupil is a sibling of the one before, with the same two guardians.
    path = _export(tmp_path / "export.csv", 40)
    school = _school()
    for _ in range(2):  # the first import and an unchanged re-import
        report = import_las(path=path, school=school, actor=None, today=TODAY)
        assert not report.problems
        assert report.warnings == []
