"""Running an import of a sample file the way the command does, for school A of the `world`."""

from datetime import date
from pathlib import Path
from typing import Any

from schoolprivacy.conftest import World
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.services import import_las

SAMPLES = Path(__file__).parent / "samples"
TODAY = date(2026, 9, 1)


def run(world: World, path: Path | str, **options: Any) -> Report:
    options.setdefault("today", TODAY)
    return import_las(
        path=SAMPLES / path if isinstance(path, str) else path,
        school=world.school_a,
        actor=world.administration,
        **options,
    )


def messages(report: Report) -> list[str]:
    return [str(problem) for problem in report.problems]
