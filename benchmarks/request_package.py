"""How long the package of an inspection request takes for a pupil with eight years of records:
building it from every app's export (with redaction), then JSON, CSV and PDF, next to a baseline
measured in the same run: a plain read of the same dossier rows dumped as JSON, a trivial one-page
PDF, and the package in the old layout (tables, repeated purposes, inline page styles;
`request_package_old_layout.html`) for comparison.

Each line shows wall time and the process's CPU time: on a shared, loaded machine the wall time
counts the time other processes had the cores, the CPU time is what the work itself cost (about
the wall time on a quiet machine; the PDF is made in one thread).

    uv run python benchmarks/request_package.py [--records-per-year 60] [--classmates 300]
    uv run python benchmarks/request_package.py --database-url postgres://postgres@127.0.0.1:5432/sp_b

Without --database-url it migrates a temporary SQLite file and throws it away afterwards. With
one, that database must exist and be yours to fill (each run adds a board). Goal of issue 14:
the PDF under 1.5 s on this machine.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

CATEGORIES = (
    "pupil.results.tests",
    "pupil.results.reports",
    "pupil.observations",
    "pupil.absence",
    "pupil.care.notes",
    "pupil.care.measures",
)
WORDS = ("leest", "rekent", "werkt", "samen", "zelfstandig", "toets", "groep", "niveau", "lezen")


def measure(label: str, work: Callable[[], Any]) -> tuple[float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    value = work()
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<52} {elapsed:7.3f} s wall {used:7.3f} s CPU")
    return elapsed, value


def old_layout_pdf(built: Any) -> bytes:
    """The package in the layout before issue 14's speed work, same data, same WeasyPrint."""
    from django.template import engines
    from django.utils import translation
    from weasyprint import HTML  # type: ignore[import-untyped]

    source = (Path(__file__).resolve().parent / "request_package_old_layout.html").read_text()
    with translation.override(built.language):
        html = engines["django"].from_string(source).render({"package": built})
    return bytes(HTML(string=html).write_pdf())


def trivial_pdf() -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string="<h1>Test</h1><p>Een pagina.</p>").write_pdf())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records-per-year", type=int, default=60)
    parser.add_argument("--classmates", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        run(args.records_per_year, args.classmates)


def run(per_year: int, classmates: int) -> None:
    from schoolprivacy.dossier.models import Record
    from schoolprivacy.people.models import GroupMembership, Pupil
    from schoolprivacy.register.services import register_install_defaults
    from schoolprivacy.requests import package as packages
    from schoolprivacy.requests.clock import due_on
    from schoolprivacy.requests.models import Request
    from schoolprivacy.schools.models import Board, Group, School, SchoolYear

    rng = random.Random(3)
    today = date.today()
    number = f"{80000 + Board.objects.count():05d}"
    board = Board.objects.create(name=f"Benchmark {number}", board_number=number)
    register_install_defaults(board=board, actor_id=None)
    tag = f"{number[-2:]}RQ"
    school = School.objects.create(
        board=board, name="De Benchmark", brin=tag, kind="primary", slug=f"bench-{tag}".lower()
    )
    years = [
        SchoolYear.objects.create(
            board=board,
            name=f"{today.year - 8 + i}-{today.year - 7 + i}",
            starts_on=date(today.year - 8 + i, 8, 1),
            ends_on=date(today.year - 7 + i, 7, 31),
        )
        for i in range(9)
    ]
    groups = [
        Group.objects.create(
            board=board, school=school, school_year=y, name=f"Groep {i + 1}", year_level=i + 1
        )
        for i, y in enumerate(years[:8])
    ]
    born = date(today.year - 12, 5, 1)
    pupils = Pupil.objects.bulk_create(
        Pupil(
            board=board,
            school=school,
            given_names=f"Kind{n}",
            first_name=f"Kind{n}",
            surname=f"Achternaam{n}",
            date_of_birth=born,
            enrolled_on=date(today.year - 8, 8, 20),
        )
        for n in range(classmates + 1)
    )
    pupil = pupils[0]
    GroupMembership.objects.bulk_create(
        GroupMembership(
            board=board,
            pupil=p,
            group=g,
            starts_on=g.school_year.starts_on,
            ends_on=g.school_year.ends_on,
        )
        for g in groups
        for p in pupils[:30]
    )
    records = []
    for year in years[:8]:
        for n in range(per_year):
            text = " ".join(rng.choice(WORDS) for _ in range(40))
            if n % 20 == 0:
                k = rng.randint(1, classmates)
                text += f" Samen met Kind{k} Achternaam{k}."
            records.append(
                Record(
                    board=board,
                    school=school,
                    pupil=pupil,
                    category_key=CATEGORIES[n % len(CATEGORIES)],
                    title=f"Notitie {n} {year.name}",
                    body=text,
                    recorded_at=datetime.combine(year.starts_on, datetime.min.time(), UTC),
                )
            )
    Record.objects.bulk_create(records, batch_size=500)
    received = today
    request = Request.objects.create(
        board=board,
        school=school,
        pupil=pupil,
        kind="access",
        status="verified",
        channel="portal",
        standing="authority",
        received_on=received,
        due_on=due_on(received),
    )
    print(f"Pupil with {len(records)} records over eight years, {classmates} schoolmates.")

    def baseline() -> bytes:
        rows = list(
            Record.objects.filter(pupil=pupil).values(
                "id", "category_key", "title", "body", "recorded_at"
            )
        )
        return json.dumps(rows, default=str).encode()

    measure("baseline: read the records, dump JSON", baseline)
    _t, built = measure("package: every app's export + redaction", lambda: packages.build(request))
    measure("package: JSON", lambda: packages.as_json(built))
    measure("package: CSV", lambda: packages.as_csv(built))
    measure("baseline: trivial one-page PDF, first in process", trivial_pdf)
    measure("baseline: trivial one-page PDF, again", trivial_pdf)
    measure("package: PDF (WeasyPrint)", lambda: packages.as_pdf(built))
    _t, pdf = measure("package: PDF (WeasyPrint), again", lambda: packages.as_pdf(built))
    _t, old = measure("comparison: PDF in the old layout", lambda: old_layout_pdf(built))
    measure("package: whole zip (PDF, JSON, CSV)", lambda: packages.as_zip(built))
    print(f"PDF size {len(pdf) / 1024:.0f} KiB (old layout {len(old) / 1024:.0f} KiB)")
    print(f"{len(built.redactions)} redactions listed, {len(built.files)} photo files")


if __name__ == "__main__":
    main()
