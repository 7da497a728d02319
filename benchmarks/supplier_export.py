"""How fast a roster export of one school is made, and whether its memory stays flat.

    uv run python benchmarks/supplier_export.py [--pupils 10000]
    uv run python benchmarks/supplier_export.py --database-url postgres://postgres@127.0.0.1:5432/sp_b

Builds one school with `--pupils` fictitious pupils in 8 groups with a teacher each, and an
agreement with the sector's narrow set plus teacher names. Measured, each in the same run:

- baseline: a plain csv.writer over one query of the same pupils (names, group), nothing else;
- the narrow data set as CSV, and OneRoster 1.2 CSV (zip), through `export_make` (consent-free
  agreement: the locks, pseudonyms, group and teacher look-ups, the export log and the diff
  against the previous export are all included).

Peak memory is Python's traced allocation (tracemalloc) during a second run of the same work; it
is also measured for a school a quarter of the size, to show it does not grow with the school.
Without --database-url a temporary SQLite file is migrated and thrown away.
"""

import argparse
import csv
import functools
import io
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any


def measure(work: Callable[[], Any]) -> tuple[float, float]:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--database-url", help="Default: a temporary SQLite file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-export-bench-") as tmp:
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from schoolprivacy.access.models import Role
        from schoolprivacy.people.models import GroupMembership, Pupil
        from schoolprivacy.suppliers.exports.service import export_make
        from schoolprivacy.suppliers.services import agreement_create, supplier_create
        from schoolprivacy.testing import factories

        call_command("migrate", interactive=False, verbosity=0)
        print(f"supplier export benchmark on {connection.vendor}", file=sys.stderr)

        def build(pupils: int) -> tuple[Any, Any, Any]:
            board = factories.make_board()
            school = factories.make_school(board=board)
            groups = [
                factories.make_group(school=school, name=f"Groep {n}", year_level=n)
                for n in range(1, 9)
            ]
            for n, group in enumerate(groups):
                teacher = factories.make_staff(board=board, username=f"t{board.pk}-{n}")
                factories.assign(teacher, Role.TEACHER, group=group)
            admin = factories.make_staff(board=board, username=f"admin-{board.pk}")
            factories.assign(admin, Role.ADMINISTRATION, school=school)
            officer = factories.make_staff(board=board, username=f"fg-{board.pk}")
            factories.assign(officer, Role.PRIVACY_OFFICER)
            with transaction.atomic():
                rows = Pupil.objects.bulk_create(
                    [
                        Pupil(
                            board=board,
                            school=school,
                            given_names="Kim",
                            first_name=f"Kim{n}",
                            surname=f"Jansen{n}",
                            date_of_birth=date(2015, 1, 1),
                            enrolled_on=date(2021, 8, 1),
                        )
                        for n in range(pupils)
                    ],
                    batch_size=1000,
                )
                GroupMembership.objects.bulk_create(
                    [
                        GroupMembership(
                            board=board,
                            pupil=pupil,
                            group=groups[n % 8],
                            starts_on=groups[0].school_year.starts_on,
                        )
                        for n, pupil in enumerate(rows)
                    ],
                    batch_size=1000,
                )
            today = timezone.localdate()
            supplier = supplier_create(board=board, actor=officer.user, name="Uitgever")
            agreement = agreement_create(
                board=board,
                actor=officer.user,
                supplier=supplier,
                product_name="Rekenen",
                schools=[school],
                fields=[
                    "pseudonym",
                    "first_name",
                    "surname_prefix",
                    "surname",
                    "year_group",
                    "group",
                    "teacher_names",
                ],
                signed_on=today - timedelta(days=10),
                ends_on=today + timedelta(days=700),
            )
            return school, agreement, admin.user

        def baseline(school: Any) -> None:
            with tempfile.TemporaryFile() as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                _write(out, school)
                out.flush()

        def _write(out: Any, school: Any) -> None:
            writer = csv.writer(out)
            rows = (
                GroupMembership.objects.filter(pupil__school=school)
                .values_list(
                    "pupil_id",
                    "pupil__first_name",
                    "pupil__surname_prefix",
                    "pupil__surname",
                    "group__year_level",
                    "group__name",
                )
                .iterator(chunk_size=1000)
            )
            writer.writerows(rows)

        def export(school: Any, agreement: Any, user: Any, fmt: str) -> None:
            made = export_make(agreement=agreement, school=school, actor=user, fmt=fmt)
            made.file.close()

        print(f"{'':<34}{'pupils':>8}{'time':>10}{'peak memory':>14}")
        for size in (args.pupils // 4, args.pupils):
            school, agreement, user = build(size)
            for label, fmt in (
                ("baseline: csv.writer over a query", ""),
                ("narrow set, CSV", "uwlr_csv"),
                ("OneRoster 1.2 CSV (zip)", "oneroster"),
            ):
                seconds, peak = measure(
                    functools.partial(baseline, school)
                    if not fmt
                    else functools.partial(export, school, agreement, user, fmt)
                )
                print(f"{label:<34}{size:>8,}{seconds:>9.2f}s{peak:>11.1f} MB")


if __name__ == "__main__":
    main()
