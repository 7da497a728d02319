"""Every speed figure of issue 18 in one run, each next to its baseline and its goal.

    uv run python benchmarks/run.py [--quick] [--database-url postgres://postgres@127.0.0.1/sp_b]

Runs the benchmark scripts of this folder one after the other, each in its own process (so one
cannot warm up or slow down another), and prints their lines as they come:

- `audit.py`: appending inside one transaction, and verify-audit reading from the database, next
  to canonical JSON + HMAC alone in memory (measured in the same run) and the goals;
- `import_las.py`: first import and unchanged re-import of a generated export, next to the careful
  bulk importer of `careful_import.py` on the same rows (same run), with the ratios;
- `import_under_load.py` (SQLite only): signed-in pages while a dry run and an import run, next
  to the same pages without an import (same run), against "zero errors, pages under a second";
- `pupil_pages.py`: the pupil pages and API in process with their queries per request, and the
  need-to-know filtering next to an unfiltered query of the same rows;
- `pages_under_load.py` (PostgreSQL: a temporary database, or --database-url's server): 50
  signed-in users with gunicorn and locust, the teacher's list at 10 clients, next to a view that
  touches nothing (same run).

Without --database-url everything runs on SQLite; with it, audit.py and import_las.py run on that
PostgreSQL database (it must exist and be yours to fill). --quick uses small sizes (a minute or
two on a quiet machine); the default sizes are those of issue 18. Figures depend on the machine
and on what else it runs: benchmarks/README.md says where and when the recorded ones were taken.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOALS = {
    "import_las.py": "first import within 2.5x and unchanged re-import within 2x of a careful "
    "bulk importer of the same rows (issue 18.2; benchmarks/careful_import.py, same run)",
    "import_under_load.py": "zero errors; pages under a second (issue 12 item 1)",
    "pupil_pages.py": "need-to-know filtering at most 1.25x an unfiltered query of the same rows "
    "(issue 18.4)",
    "pages_under_load.py": "50 users: zero errors, p95 at most 250 ms; teacher's list at least "
    "90 requests/s at 10 clients with 2 workers (issue 18.4)",
}


def run(script: str, args: list[str], env: dict[str, str]) -> int:
    print(f"\n== {script} {' '.join(args)}", flush=True)
    if script in GOALS:
        print(f"   goal: {GOALS[script]}", flush=True)
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our own interpreter and scripts)
        [sys.executable, str(HERE / script), *args], env=env, check=False
    )
    print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    return result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--database-url", help="PostgreSQL for audit.py and import_las.py")
    options = parser.parse_args()
    env = dict(os.environ)
    audit_env = dict(env)
    import_args: list[str] = []
    if options.database_url:
        audit_env["DATABASE_URL"] = options.database_url
        import_args = ["--database-url", options.database_url]
    quick = options.quick
    failed = 0
    failed += run(
        "audit.py",
        ["--events", "50000", "--append", "2000"] if quick else ["--events", "1000000"],
        audit_env,
    )
    failed += run(
        "import_las.py",
        [*import_args, *(["--pupils", "2000", "--guardians", "3000"] if quick else [])],
        env,
    )
    if not options.database_url:
        failed += run(
            "import_under_load.py",
            ["--rows", "5000", "--seconds", "3"] if quick else ["--rows", "100000"],
            env,
        )
    failed += run(
        "pupil_pages.py",
        [*import_args, *(["--pupils", "2000", "--repeat", "10"] if quick else [])],
        env,
    )
    failed += run(
        "pages_under_load.py",
        [
            *(["--database-url", options.database_url] if options.database_url else []),
            *(["--pupils", "2000", "--seconds", "10"] if quick else ["--seconds", "30"]),
        ],
        env,
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
