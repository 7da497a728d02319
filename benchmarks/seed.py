"""How fast `schoolprivacy seed` writes a board: pupils per second into a fresh database.

    uv run python benchmarks/seed.py [--pupils 10000] [--schools N] [--repeat 3]
    uv run python benchmarks/seed.py --database-url postgres://postgres@127.0.0.1:5432/sp_bench

Without --database-url it migrates a temporary SQLite file and throws it away afterwards. With
one, that database must exist and be yours to fill: each repetition adds another board. Prints
figures; it asserts nothing (the tests in schoolprivacy/demo/tests do that).
"""

import argparse
import os
import sys
import tempfile
import time
from io import StringIO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="Runs, each a new board.")
    parser.add_argument("--random-seed", type=int, default=1)
    parser.add_argument("--database-url", help="Default: a temporary SQLite file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-seed-bench-") as tmp:
        # Settings are read from the environment once, at import: set it up before Django loads.
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", interactive=False, verbosity=0)
        engine = connection.vendor
        print(f"seed benchmark on {engine}: {args.pupils:,} pupils per run", file=sys.stderr)
        rates = []
        for run in range(1, args.repeat + 1):
            started = time.perf_counter()
            call_command(
                "seed",
                pupils=args.pupils,
                schools=args.schools,
                random_seed=args.random_seed,
                stdout=StringIO(),
                stderr=StringIO(),
            )
            seconds = time.perf_counter() - started
            rates.append(args.pupils / seconds)
            print(f"run {run}: {seconds:.2f} s, {rates[-1]:,.0f} pupils/s")
        print(f"best: {max(rates):,.0f} pupils/s ({engine}, {args.pupils:,} pupils)")


if __name__ == "__main__":
    main()
