"""The import-las command: a summary on stdout, and a failing exit for a blocked file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schoolprivacy.conftest import World
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people.models import Pupil


def test_a_dry_run_prints_the_changes_and_writes_nothing(world: World) -> None:
    out = StringIO()
    call_command(
        "import_las", str(SAMPLES / "parnassys.csv"), school=world.school_a.brin, dry_run=True,
        stdout=out,
    )  # fmt: skip
    assert "New pupils: 4." in out.getvalue() and "Dry run" in out.getvalue()
    assert not Pupil.objects.filter(external_id="1001").exists()


def test_it_imports_and_then_says_nothing_changed(world: World) -> None:
    call_command("import_las", str(SAMPLES / "parnassys.csv"), school=world.school_a.brin,
                 stdout=StringIO())  # fmt: skip
    out = StringIO()
    call_command("import_las", str(SAMPLES / "parnassys.csv"), school=world.school_a.brin,
                 stdout=out)  # fmt: skip
    assert "No changes" in out.getvalue()


def test_a_blocked_file_fails_and_lists_the_problems(world: World) -> None:
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_las", str(SAMPLES / "ugly.csv"), school=world.school_a.brin,
                     stdout=out)  # fmt: skip
    assert "line 2, column Geboorte datum: '31-02-2015' is not an existing date" in out.getvalue()


def test_a_mapping_file_is_used(world: World) -> None:
    call_command(
        "import_las", str(SAMPLES / "custom_headers.csv"), school=world.school_a.brin,
        mapping=str(SAMPLES / "mapping.toml"), stdout=StringIO(),
    )  # fmt: skip
    assert Pupil.objects.filter(external_id="5001").exists()


def test_an_unknown_school_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="No school"):
        call_command("import_las", str(SAMPLES / "parnassys.csv"), school="99ZZ")
