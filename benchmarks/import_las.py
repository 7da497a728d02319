"""How fast `import-las` brings a school in step, next to a careful bulk importer of the same rows.

    uv run python benchmarks/import_las.py [--pupils 10000] [--guardians 15000] [--no-memory]
    uv run python benchmarks/import_las.py --database-url postgres://postgres@127.0.0.1:5432/sp_b

Without --database-url it migrates a temporary SQLite file and throws it away afterwards. With
one, that database must exist and be yours to fill (each run adds boards). The export is a
generated ParnasSys-style CSV of fictitious pupils, semicolon-separated, in Windows-1252 (as
Excel on Windows saves it). Both importers run in this one process (start-up excluded), each into
a school of its own board: first the careful importer of `careful_import.py` (issue 18.2's
baseline: bulk_create, and for the re-import read, compare and bulk_update only what changed),
then `import_las` itself (check, apply in chunks, audit events, parent accounts). Each runs a
first import and an unchanged re-import; the ratios are the goal of issue 18.2 (at most 2.5x and
2x). Peak memory is Python's traced allocation (tracemalloc) in a second, traced round on fresh
schools: tracing slows Python down several times, so it never shares a run with the timing.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

HEADER = (
    "Leerlingnummer;Roepnaam;Voornamen;Voorvoegsel;Achternaam;Geboortedatum;Groep;BSN;"
    "Datum inschrijving;Ouder 1 naam;Ouder 1 relatie;Ouder 1 gezag;Ouder 1 e-mail;"
    "Ouder 1 telefoon;Ouder 2 naam;Ouder 2 relatie;Ouder 2 gezag;Ouder 2 e-mail;Ouder 2 telefoon"
)
# Letters outside ASCII, so the file really is Windows-1252 and not plain ASCII.
FIRST = ["Sem", "Lotte", "Daan", "Zoë", "Noah", "Julia", "Liam", "Mila", "Daniël", "Tess"]
SURNAMES = [("de", "Vries"), ("", "Jansen"), ("van der", "Berg"), ("", "Bakker"), ("", "Smit")]
GOALS = {"first import": 2.5, "unchanged re-import": 2.0}


def bsn(n: int) -> str:
    """The n-th nine-digit number from 200000000 up that passes the BSN 11-check."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    candidate = 200_000_000 + n * 11
    while True:
        digits = str(candidate)
        if sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0:
            return digits
        candidate += 1


def write_export(
    path: Path, *, pupils: int, guardians: int, encoding: str = "cp1252", domain: str = "example.nl"
) -> None:
    rng = random.Random(1)
    two_parents = guardians - pupils  # every pupil has one guardian, this many a second
    used: set[str] = set()
    with path.open("w", encoding=encoding, newline="") as out:
        out.write(HEADER + "\r\n")
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
                   f"ouder1.{n}@{domain}", f"06{n:08d}"]  # fmt: skip
            if n < two_parents:
                row += [f"Peter {surname}{n}", "vader", rng.choice(["ja", "nee"]),
                        f"ouder2.{n}@{domain}", ""]  # fmt: skip
            else:
                row += ["", "", "", "", ""]
            out.write(";".join(row) + "\r\n")


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def traced(work: Callable[[], Any]) -> float:
    """Peak traced allocation of `work`, in MB."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--guardians", type=int, default=15_000)
    parser.add_argument("--database-url", help="Default: a temporary SQLite file.")
    parser.add_argument("--no-memory", action="store_true", help="Skip the traced round.")
    parser.add_argument("--profile", help="Write a cProfile of import-las's two runs here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-import-bench-") as tmp:
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import django

        django.setup()
        from careful_import import careful_import
        from django.core.management import call_command
        from django.db import connection

        from schoolprivacy.imports import services
        from schoolprivacy.imports.services import import_las
        from schoolprivacy.schools.models import Board, School

        call_command("migrate", interactive=False, verbosity=0)
        export = Path(tmp) / "export.csv"
        # Parents' addresses of this run only: in a kept PostgreSQL database the addresses of an
        # earlier run already have accounts (of another board), and the account sync would then
        # only count conflicts instead of making the accounts a first import makes.
        domain = f"run{time.time_ns()}.example.nl"
        write_export(export, pupils=args.pupils, guardians=args.guardians, domain=domain)
        warm_up = Path(tmp) / "warm-up.csv"
        write_export(warm_up, pupils=20, guardians=30, domain=f"warm-up.{domain}")
        today = date.today()
        size = export.stat().st_size / 1e6
        print(
            f"import-las against a careful bulk importer on {connection.vendor}: "
            f"{args.pupils:,} pupils, {args.guardians:,} guardians, {size:.1f} MB CSV "
            "(semicolon, Windows-1252)",
            flush=True,
        )

        def school() -> Any:
            # Numbers no earlier run left in the database (a PostgreSQL one is kept).
            boards = set(Board.objects.values_list("board_number", flat=True))
            brins = set(School.objects.values_list("brin", flat=True))
            number = next(f"{n:05d}" for n in range(90000, 100000) if f"{n:05d}" not in boards)
            candidates = (f"{n % 100:02d}{chr(65 + n // 2600)}{chr(65 + n // 100 % 26)}"
                          for n in range(26 * 26 * 100))  # fmt: skip
            brin = next(b for b in candidates if b not in brins)
            board = Board.objects.create(name="Benchmark", board_number=number)
            return School.objects.create(
                board=board, name=f"School {brin}", brin=brin, kind=School.Kind.PRIMARY,
                slug=f"bench-{brin.lower()}",
            )  # fmt: skip

        def careful(path: Path) -> Callable[[], Any]:
            target = school()
            return lambda: careful_import(path, target, today=today)

        def las(path: Path) -> Callable[[], Any]:
            target = school()
            return lambda: import_las(path=path, school=target, actor=None, today=today)

        # The apply (second pass) and the account sync are parts of import-las, shown apart.
        parts: dict[str, list[float]] = {"apply": [], "account sync": []}

        running = ["apply"]

        def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*positional: Any, **options: Any) -> Any:
                running[0] = name
                seconds, result = timed(lambda: real(*positional, **options))
                parts[name].append(seconds)
                return result

            return wrapper

        services._apply = counted("apply", services._apply)
        services.accounts_sync = counted("account sync", services.accounts_sync)
        # The pauses that let other writers in on SQLite (services._pause), per part: they are
        # waiting, not work, and their share is what a change to the pause rule moves.
        paused = {"apply": 0.0, "account sync": 0.0}

        def pausing(real: Callable[[], None]) -> Callable[[], None]:
            def wrapper() -> None:
                seconds, _ = timed(real)
                paused[running[0]] += seconds

            return wrapper

        services._pause = pausing(services._pause)
        # Warm both up (first queries, translations, key derivation) on a small file.
        for make in (careful, las):
            work = make(warm_up)
            work(), work()
        for seconds in parts.values():
            seconds.clear()
        paused.update(dict.fromkeys(paused, 0.0))

        figures: dict[str, dict[str, float]] = {"careful": {}, "import-las": {}}
        work = careful(export)
        figures["careful"]["first import"], first = timed(work)
        figures["careful"]["unchanged re-import"], again = timed(work)
        assert not first.errors and again.changes == 0, (first, again)

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        work = las(export)
        figures["import-las"]["first import"], first = timed(work)
        figures["import-las"]["unchanged re-import"], again = timed(work)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        assert first.applied and not first.problems, first.problems[:5]
        assert not again.has_changes, again.counts()

        print(f"{'':24}{'careful':>10}{'import-las':>12}{'ratio':>8}{'goal':>8}")
        for phase, goal in GOALS.items():
            base, ours = figures["careful"][phase], figures["import-las"][phase]
            ratio = ours / base
            verdict = "met" if ratio <= goal else "NOT met"
            print(f"{phase:<24}{base:9.2f}s{ours:11.2f}s{ratio:7.2f}x{goal:7.1f}x  {verdict}")
        applied = parts["apply"] + [0.0, 0.0]  # an unchanged re-import has no second pass
        synced = parts["account sync"]
        for n, phase in enumerate(GOALS):
            check = figures["import-las"][phase] - applied[n] - synced[n]
            print(
                f"  import-las {phase}: check {check:.2f} s, apply {applied[n]:.2f} s, "
                f"account sync {synced[n]:.2f} s"
            )
        if connection.vendor == "sqlite":
            print(
                f"  of which pauses for other writers (both runs): apply {paused['apply']:.2f} s, "
                f"account sync {paused['account sync']:.2f} s"
            )
        print(
            f"first import: {first.counts()['created']} pupils, {first.guardians_created} "
            f"guardians, {first.relations_created} links, {len(first.groups_created)} groups; "
            f"re-import: {again.unchanged} unchanged, changes: {again.has_changes}",
            flush=True,
        )
        if args.no_memory:
            return
        peaks: dict[str, list[float]] = {}
        for name, make in (("careful", careful), ("import-las", las)):
            work = make(export)
            peaks[name] = [traced(work), traced(work)]
        print(
            "peak traced memory (first / re-import): "
            + "; ".join(f"{n} {a:.1f} / {b:.1f} MB" for n, (a, b) in peaks.items())
        )


if __name__ == "__main__":
    main()
