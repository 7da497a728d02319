"""How fast `import-las` brings a school in step: a first import, an unchanged re-import, and a
plain bulk insert of the same rows as the lower bound.

    uv run python benchmarks/import_las.py [--pupils 10000] [--guardians 15000]
    uv run python benchmarks/import_las.py --database-url postgres://postgres@127.0.0.1:5432/sp_b

Without --database-url it migrates a temporary SQLite file and throws it away afterwards. With
one, that database must exist and be yours to fill (each run adds a board). The export is a
generated ParnasSys-style CSV of fictitious pupils. Peak memory is Python's traced allocation
during the import (tracemalloc), to show it does not grow with the file.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEADER = (
    "Leerlingnummer;Roepnaam;Voornamen;Voorvoegsel;Achternaam;Geboortedatum;Groep;BSN;"
    "Datum inschrijving;Ouder 1 naam;Ouder 1 relatie;Ouder 1 gezag;Ouder 1 e-mail;"
    "Ouder 1 telefoon;Ouder 2 naam;Ouder 2 relatie;Ouder 2 gezag;Ouder 2 e-mail;Ouder 2 telefoon"
)
FIRST = ["Sem", "Lotte", "Daan", "Emma", "Noah", "Julia", "Liam", "Mila", "Finn", "Tess"]
SURNAMES = [("de", "Vries"), ("", "Jansen"), ("van der", "Berg"), ("", "Bakker"), ("", "Smit")]


def bsn(n: int) -> str:
    """The n-th nine-digit number from 200000000 up that passes the BSN 11-check."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    candidate = 200_000_000 + n * 11
    while True:
        digits = str(candidate)
        if sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0:
            return digits
        candidate += 1


def write_export(path: Path, *, pupils: int, guardians: int) -> None:
    rng = random.Random(1)
    two_parents = guardians - pupils  # every pupil has one guardian, this many a second
    used: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(pupils):
            number = bsn(n)
            while number in used:
                number = bsn(n + 10_000_000 + len(used))
            used.add(number)
            prefix, surname = rng.choice(SURNAMES)
            first = rng.choice(FIRST)
            level = rng.randint(1, 8)
            row = [str(100_000 + n), first, f"{first} Maria", prefix, f"{surname}{n}",
                   f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-{2010 + level}", f"Groep {level}",
                   number, f"01-08-{2019 + level}",
                   f"Anna {prefix} {surname}{n}".replace("  ", " "), "moeder", "ja",
                   f"ouder1.{n}@example.nl", f"06{n:08d}"]  # fmt: skip
            if n < two_parents:
                row += [f"Peter {surname}{n}", "vader", rng.choice(["ja", "nee"]),
                        f"ouder2.{n}@example.nl", ""]  # fmt: skip
            else:
                row += ["", "", "", "", ""]
            out.write(";".join(row) + "\n")


def measure(label: str, work: Callable[[], Any], *, memory: bool) -> Any:
    """Time without tracing (tracemalloc slows Python down several times), then, if asked,
    the peak of traced allocations in a second run of the same work."""
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = ""
    if memory:
        tracemalloc.start()
        work()
        peak = f"   peak {tracemalloc.get_traced_memory()[1] / 1e6:6.1f} MB"
        tracemalloc.stop()
    print(f"{label:<28} {seconds:7.2f} s{peak}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--guardians", type=int, default=15_000)
    parser.add_argument("--database-url", help="Default: a temporary SQLite file.")
    parser.add_argument("--memory", action="store_true", help="Also trace peak memory.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-import-bench-") as tmp:
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction

        from schoolprivacy.imports.services import import_las
        from schoolprivacy.people.models import Pupil
        from schoolprivacy.testing import factories

        call_command("migrate", interactive=False, verbosity=0)
        export = Path(tmp) / "export.csv"
        write_export(export, pupils=args.pupils, guardians=args.guardians)
        size = export.stat().st_size / 1e6
        print(
            f"import-las benchmark on {connection.vendor}: {args.pupils:,} pupils, "
            f"{args.guardians:,} guardians, {size:.1f} MB CSV",
            file=sys.stderr,
        )

        def school() -> Any:
            return factories.make_school(board=factories.make_board())

        def bulk_insert() -> None:
            # The lower bound: the same pupil rows, parsed and inserted with nothing else.
            target = school()
            with transaction.atomic(), export.open(encoding="utf-8") as handle:
                next(handle)
                rows = []
                for line in handle:
                    c = line.rstrip("\n").split(";")
                    d, m, y = (int(x) for x in c[5].split("-"))
                    rows.append(Pupil(board_id=target.board_id, school=target, external_id=c[0],
                                      first_name=c[1], given_names=c[2], surname_prefix=c[3],
                                      surname=c[4], date_of_birth=f"{y}-{m:02d}-{d:02d}",
                                      enrolled_on=f"{c[8][6:]}-08-01"))  # fmt: skip
                Pupil.objects.bulk_create(rows, batch_size=1000)

        target = school()

        def run() -> Any:
            return import_las(path=export, school=target, actor=None)

        measure("plain bulk insert (pupils)", bulk_insert, memory=False)
        first = measure("first import", run, memory=False)
        again = measure("re-import, unchanged", run, memory=args.memory)
        assert not first.problems, first.problems[:5]
        print(f"first: {first.counts()}")
        print(f"again: created {len(again.created)}, updated {len(again.updated)}, "
              f"unchanged {again.unchanged}, changes: {again.has_changes}")  # fmt: skip


if __name__ == "__main__":
    main()
