"""How long the retention purge takes for a board with eight years of history: the preview (a
dry run of every app's erase_many), the privacy officer's stored preview of every school, the
real first run (which re-counts to check those previews), and a plain DELETE of the same dossier
rows and group memberships as the lower bound (measured in the same run, in a transaction that
is rolled back), with the ratio of each to it.

    uv run python benchmarks/purge.py [--pupils N] [--schools 10]

Without --pupils: 10,000 pupils, or 3,000 when the machine's load average is above 6 (it says
which).
    uv run python benchmarks/purge.py --database-url postgres://postgres@127.0.0.1:5432/sp_b

Without --database-url it migrates a temporary SQLite file and throws it away afterwards. With
one, that database must exist and be yours to fill (each run adds a board). Pupils are
fictitious: one eighth enrolled each year for eight years, each staying up to eight years, with
two dossier records per school year and one parent each.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

CATEGORIES = ("pupil.results.tests", "pupil.observations", "pupil.absence", "pupil.care.notes")


def measure(label: str, work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:8.2f} s")
    return elapsed, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int)
    parser.add_argument("--schools", type=int, default=10)
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
        load = os.getloadavg()[0]
        pupils = args.pupils
        if pupils is None:
            pupils = 10_000 if load <= 6 else 3_000
            why = "above 6" if load > 6 else "at most 6"
            print(f"Load average {load:.1f} ({why}): {pupils} pupils")
        run(pupils, args.schools)
        print(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def run(pupils: int, schools: int) -> None:
    from django.db import connection, transaction

    from schoolprivacy.dossier.models import Record
    from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
    from schoolprivacy.register.services import register_install_defaults
    from schoolprivacy.retention.engine import purge_run, totals
    from schoolprivacy.retention.first_run import preview_store
    from schoolprivacy.retention.preview import count, preview
    from schoolprivacy.schools.models import Board, Group, School, SchoolYear

    rng = random.Random(7)
    today = date.today()
    number = f"{90000 + Board.objects.count():05d}"
    board = Board.objects.create(name=f"Benchmark {number}", board_number=number)
    register_install_defaults(board=board, actor_id=None)
    years = [
        SchoolYear.objects.create(
            board=board,
            name=f"{today.year - 8 + i}-{today.year - 7 + i}",
            starts_on=date(today.year - 8 + i, 8, 1),
            ends_on=date(today.year - 7 + i, 7, 31),
        )
        for i in range(9)
    ]
    print(f"Building {pupils} pupils at {schools} schools, eight years of history ...")
    started = time.perf_counter()
    per_school = pupils // schools
    for s in range(schools):
        tag = f"{board.pk % 100:02d}{chr(65 + s // 26)}{chr(65 + s % 26)}"
        school = School.objects.create(
            board=board, name=f"School {s}", brin=tag, kind="primary", slug=f"bench-{tag}".lower()
        )
        groups = [
            Group.objects.create(
                board=board, school=school, school_year=y, name="Groep", year_level=1
            )
            for y in years
        ]
        batch = []
        for n in range(per_school):
            start = rng.randrange(0, 8)
            stay = rng.randint(1, 8)
            left = date(today.year - 8 + start + stay, 7, 15) if start + stay <= 8 else None
            batch.append(
                Pupil(
                    board=board,
                    school=school,
                    given_names="Kind",
                    first_name="Kind",
                    surname=f"Proef{s}-{n}",
                    date_of_birth=date(today.year - 12 - start, 3, 1),
                    enrolled_on=date(today.year - 8 + start, 8, 20),
                    left_on=left if left is None or left < today else None,
                )
            )
        made = Pupil.objects.bulk_create(batch)
        memberships, records, guardians = [], [], []
        for pupil in made:
            first = pupil.enrolled_on.year - (today.year - 8)
            last = (pupil.left_on.year - (today.year - 8)) if pupil.left_on else 8
            for y in range(first, max(last, first + 1)):
                memberships.append(
                    GroupMembership(
                        board=board, pupil=pupil, group=groups[y], starts_on=years[y].starts_on
                    )
                )
                for key in rng.sample(CATEGORIES, 2):
                    records.append(
                        Record(
                            board=board,
                            school=school,
                            pupil=pupil,
                            category_key=key,
                            title="Notitie",
                            body="Tekst",
                            recorded_at=datetime(years[y].starts_on.year, 11, 1, tzinfo=UTC),
                        )
                    )
            guardians.append(Guardian(board=board, first_name="Ouder", surname=pupil.surname))
        GroupMembership.objects.bulk_create(memberships, batch_size=2000)
        Record.objects.bulk_create(records, batch_size=2000)
        made_guardians = Guardian.objects.bulk_create(guardians, batch_size=2000)
        GuardianRelation.objects.bulk_create(
            [
                GuardianRelation(
                    board=board, guardian=g, pupil=p, kind="parent", has_parental_authority=True
                )
                for g, p in zip(made_guardians, made, strict=True)
            ],
            batch_size=2000,
        )
    print(
        f"  {Pupil.objects.filter(board=board).count()} pupils, "
        f"{Record.objects.filter(board=board).count()} records, built in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    preview_time, counted = measure("Preview of the board (dry run)", lambda: count(board))
    found = counted.preview()
    print(f"  would erase {found.total} items of {found.subjects} people")

    def officer() -> int:
        # What the privacy officer does before the first run: look at each school's preview
        # (the board's, above, is kept for the board-wide data).
        preview_store(board, None, counted.part(None), actor_id=None)
        for school in School.objects.filter(board=board):
            preview_store(board, school, preview(board, school_id=school.pk), actor_id=None)
        return schools

    schools_time, _n = measure("Preview of each school, stored", officer)

    def plain_delete() -> int:
        # The lower bound: the same dossier rows and memberships, one DELETE each, no checks,
        # no audit, no log; rolled back.
        with transaction.atomic():
            keys = [(rule, key) for (rule, _name, key) in found.counts]
            gone = {key for _rule, key in keys}
            expired_pupils = Pupil.objects.filter(
                board=board, left_on__lt=date(today.year - 2, today.month, 1)
            )
            deleted, _ = Record.objects.filter(
                pupil__in=expired_pupils, category_key__in=gone
            ).delete()
            if "pupil.enrolment" in gone:
                deleted += GroupMembership.objects.filter(
                    pupil__left_on__lt=date(today.year - 5, today.month, 1), board=board
                ).delete()[0]
            transaction.set_rollback(True)
        return deleted

    base_time, deleted = measure("Baseline: plain DELETE of the same rows", plain_delete)
    run_time, run = measure(
        "First purge run (check, batches, audit, log)", lambda: purge_run(board=board)
    )
    print(f"  erased {sum(totals(run).values())} items; baseline deleted {deleted} rows")
    base = max(base_time, 1e-9)
    print(
        f"{pupils} pupils: preview {preview_time:.2f} s ({preview_time / base:.1f}x), "
        f"run {run_time:.2f} s ({run_time / base:.1f}x), "
        f"each school's preview {schools_time:.2f} s ({schools_time / base:.1f}x) "
        f"against the plain DELETE's {base_time:.2f} s"
    )


if __name__ == "__main__":
    main()
