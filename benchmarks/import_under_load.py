"""Signed-in pages while a large import runs: no errors, and no page waits on the import.

    uv run python benchmarks/import_under_load.py [--rows 100000] [--seconds 10]

Into a temporary SQLite file (WAL, as the embedded runtime runs), this makes a school and its
administration, then serves the app with gunicorn (`schoolprivacy serve --no-worker`, two web
processes) and signs the administration in. Load: two clients read two signed-in pages (the
home page and the import upload page) one after the other without pause; every request also
saves the session, so each one needs the database's write lock for a moment. The load runs for
--seconds alone (the baseline), then during `import-las --dry-run` of a --rows file, then during
the import itself (`import-las`), each a separate process as the task worker would run it.

Prints, per phase, the requests, errors, median, 95th percentile and slowest page in
milliseconds, and how long the import took. Asserts nothing; `test_import_under_load.py` runs a
short version in the test suite and asserts zero errors and pages under a second.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BRIN = "99ZZ"
SLOW_MS = 300.0  # pages slower than this are listed with the moment they were asked for
HEADER = (
    "Leerlingnummer;Roepnaam;Voornamen;Achternaam;Geboortedatum;Groep;BSN;Datum inschrijving;"
    "Ouder 1 naam;Ouder 1 relatie;Ouder 1 gezag;Ouder 1 e-mail;Ouder 2 naam;Ouder 2 relatie;"
    "Ouder 2 gezag"
)


@dataclass
class Phase:
    name: str
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    import_seconds: float | None = None
    started: float = 0.0
    # (seconds into the phase when the page was asked for, milliseconds, page) of every page
    slow: list[tuple[float, float, str]] = field(default_factory=list)

    def slowest_pages(self, n: int = 5) -> str:
        top = sorted(self.slow, key=lambda s: -s[1])[:n]
        return ", ".join(f"{ms:.0f} ms at {at:.1f} s ({page})" for at, ms, page in top)

    @property
    def slowest(self) -> float:
        return max(self.times_ms, default=0.0)

    @property
    def p95(self) -> float:
        if len(self.times_ms) < 2:
            return self.slowest
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]

    def line(self) -> str:
        took = f"{self.import_seconds:6.1f} s" if self.import_seconds is not None else "       "
        median = statistics.median(self.times_ms) if self.times_ms else 0.0
        return (
            f"{self.name:<22} {took}  {len(self.times_ms):>6} {len(self.errors):>6} "
            f"{median:>8.0f} {self.p95:>8.0f} {self.slowest:>8.0f}"
        )


def _education_number(n: int) -> str:
    """A unique nine-digit number that passes the BSN 11-check (fictitious: it starts 9, 8...)."""
    for first in range(9, 0, -1):
        digits = [first, *(int(d) for d in f"{n:07d}")]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)
    raise ValueError(n)


def write_export(path: Path, rows: int) -> Path:
    """`rows` fictitious pupils with one or two guardians each."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            level = n % 8 + 1
            second = f"Peter Achternaam{n};vader;ja" if n % 2 else ";;"
            out.write(
                f"{100_000 + n};Kind;Kind Maria;Achternaam{n};1-2-{2010 + level};Groep {level};"
                f"{_education_number(n)};1-8-{2016 + level};Anna Achternaam{n};moeder;ja;"
                f"ouder.{n}@example.nl;{second}\n"
            )
    return path


def environment(directory: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SCHOOLPRIVACY_MODE": "demo",
        "SCHOOLPRIVACY_VAR_DIR": str(directory),
        "DATABASE_URL": f"sqlite:///{directory / 'load.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "schoolprivacy.settings",
    }


def prepare(env: dict[str, str]) -> tuple[str, list[str]]:
    """Migrate, make the school and its administration; return a session cookie and the pages."""
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from django.urls import reverse
from schoolprivacy.access.models import Role
from schoolprivacy.testing import factories
from schoolprivacy.testing.sessions import sign_in_staff
board = factories.make_board()
school = factories.make_school(board=board)
school.brin = "{BRIN}"
school.save()
staff = factories.make_staff(board=board, username="administratie")
factories.assign(staff, Role.ADMINISTRATION, school=school)
client = sign_in_staff(Client(), staff.user)
print(client.cookies["sessionid"].value)
print(reverse("web:home"))
print(reverse("imports:upload", args=[school.slug]))
"""
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    session, *pages = result.stdout.split()
    return session, pages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Load:
    """Clients reading pages in a loop; each request's time or error goes to the current phase."""

    def __init__(self, base: str, session: str, pages: list[str], clients: int = 2) -> None:
        self.base, self.session, self.pages = base, session, pages
        self.phase = Phase("warm-up")
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(i,)) for i in range(clients)]

    def _client(self, offset: int) -> None:
        n = offset
        while not self.stop.is_set():
            page = self.pages[n % len(self.pages)]
            n += 1
            request = urllib.request.Request(  # noqa: S310 (http to our own server)
                self.base + page, headers={"Cookie": f"sessionid={self.session}"}
            )
            phase, started = self.phase, time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    body = response.read()
                    if response.status != 200 or b"<html" not in body:
                        phase.errors.append(f"{page}: {response.status}")
                    elif response.url.rstrip("/") != (self.base + page).rstrip("/"):
                        phase.errors.append(f"{page}: sent to {response.url}")
            except (urllib.error.URLError, OSError) as exc:
                phase.errors.append(f"{page}: {exc}")
            took = (time.perf_counter() - started) * 1000
            phase.times_ms.append(took)
            if took > SLOW_MS:
                phase.slow.append((started - phase.started, took, page))

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        *(sys.executable, "-m", "schoolprivacy", "serve"),
        *("--addr", f"127.0.0.1:{port}", "--workers", "2", "--no-worker"),
    ]
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter)
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 120  # a busy machine starts gunicorn slowly
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except (urllib.error.URLError, OSError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)


def measure(directory: Path, *, rows: int, seconds: float) -> list[Phase]:
    env = environment(directory)
    session, pages = prepare(env)
    export = write_export(directory / "export.csv", rows)
    port = free_port()
    server = serve(env, port, directory / "serve.log")
    phases = [Phase("baseline (no import)"), Phase("during a dry run"), Phase("during the import")]
    importing = [sys.executable, "-m", "schoolprivacy", "import-las", str(export), "--school"]
    try:
        with Load(f"http://127.0.0.1:{port}", session, pages) as load:
            time.sleep(1)  # warm-up: templates and connections of the web processes
            phases[0].started = time.perf_counter()
            load.phase = phases[0]
            time.sleep(seconds)
            for phase, extra in ((phases[1], ["--dry-run"]), (phases[2], [])):
                started = phase.started = time.perf_counter()
                load.phase = phase
                command = [*importing, BRIN, *extra]
                subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603
                phase.import_seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=40)
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-load-") as directory:
        phases = measure(Path(directory), rows=args.rows, seconds=args.seconds)
    print(f"Signed-in pages while importing {args.rows:,} rows (SQLite, 2 clients, 2 web procs)")
    print(f"{'phase':<22} {'import':>8}  {'pages':>6} {'errors':>6} {'median':>8} {'p95':>8} "
          f"{'slowest':>8}  (ms)")  # fmt: skip
    for phase in phases:
        print(phase.line())
        for error in sorted(set(phase.errors))[:5]:
            print(f"    {error}")
        if phase.slow:
            print(f"    slowest: {phase.slowest_pages()}")


if __name__ == "__main__":
    main()
