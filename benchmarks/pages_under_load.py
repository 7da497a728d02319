"""Signed-in pages under load: 50 users on a 10,000-pupil board; the teacher's list at 10 clients.

    uv run python benchmarks/pages_under_load.py [--pupils 10000] [--users 50] [--seconds 60]
        [--soak 600] [--database-url postgres://postgres@127.0.0.1:5432/sp_load] [--sqlite]

Issue 18 item 4. Into a fresh database (by default a temporary PostgreSQL database on
127.0.0.1:5432, made and dropped by this script; `--database-url` names one that must exist and
be yours to fill; `--sqlite` uses a temporary SQLite file) it seeds one board with
`schoolprivacy seed`, signs in staff of every role (teachers, care coordinators, administration,
location directors; sessions made the way the real sign-in leaves them) and makes an API token
for each.
It serves the product with gunicorn (`schoolprivacy serve --workers 2 --no-worker`) and drives it
with locust (FastHttpUser, in this process), in phases of --seconds each:

1. baseline: 10 clients without pause on `/healthz` (a view that touches nothing): what the web
   processes and the load generator manage on this machine at all;
2. the teacher's pupil list: 10 clients without pause, each a different teacher's session
   (goal: at least 90 requests per second);
3. the mix: --users users, each with a role's pages (pupil list, a pupil page, consent pages,
   the pupil API and one pupil through the API), waiting 0.5 to 1.5 s between requests like a
   busy person (goal: zero errors, 95th percentile at most 250 ms);
4. with --soak N: the mix for N seconds, and the web processes' memory (RSS) after the first
   minute and at the end (goal: growth under 10 %).

Every answer other than 200 counts as an error (a 302 to the sign-in page too). Prints a table;
asserts nothing.
"""

# locust patches the standard library for gevent: it must come first.
from locust import FastHttpUser, between, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gevent

PREPARE = r"""
import json, sys
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Board
from schoolprivacy.testing.sessions import sign_in_staff

call_command("migrate", interactive=False, verbosity=0)
call_command("seed", pupils=int(sys.argv[1]), random_seed=1, stdout=StringIO(), stderr=StringIO())
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
board = Board.objects.order_by("-id").first()
today = timezone.localdate()
current = Assignment.objects.filter(board=board, starts_on__lte=today).select_related(
    "staff__user", "group", "school"
).order_by("id")
people = []
dropped = []
seen = set()
wanted = {Role.TEACHER: 30, Role.CARE_COORDINATOR: 10, Role.ADMINISTRATION: 5}
wanted[Role.LOCATION_DIRECTOR] = 5
for assignment in current:
    role = assignment.role
    user = assignment.staff.user
    if wanted.get(role, 0) <= 0 or user.pk in seen:
        continue
    if role == Role.TEACHER:
        if assignment.group is None or assignment.group.school_year.ends_on < today:
            continue
        group = assignment.group
    else:
        group = board.schools.get(pk=assignment.school_id).groups.order_by("id").first()
    pupil = Pupil.objects.filter(memberships__group=group).order_by("id").first()
    if pupil is None:
        continue
    candidates = [
        "/leerlingen/",
        f"/leerlingen/{pupil.pk}/",
        f"/leerlingen/{pupil.pk}/toestemming/",
        f"/groepen/{group.pk}/toestemming/",
        f"/scholen/{group.school_id}/toestemming/",
        "/api/v1/pupils?limit=50",
        f"/api/v1/pupils/{pupil.pk}",
    ]
    client = sign_in_staff(Client(), user)
    _, token = api_token_create(user=user, name="load", actor_id=user.pk, channel="command")
    pages = []
    for url in candidates:
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        status = client.get(url, headers=headers).status_code
        if status == 200:
            pages.append(url)
        else:
            dropped.append(f"{role} {url} {status}")
    seen.add(user.pk)
    wanted[role] -= 1
    people.append({"role": role, "session": client.cookies["sessionid"].value,
                   "token": token, "pages": pages})
print(json.dumps({"people": people, "dropped": dropped, "vendor": connection.vendor}))
"""


@dataclass
class Result:
    phase: str
    clients: int
    requests: int
    errors: int
    rps: float
    median: float
    p95: float
    slowest: float
    note: str = ""

    def line(self) -> str:
        return (
            f"{self.phase:<34} {self.clients:>7} {self.requests:>8} {self.errors:>6} "
            f"{self.rps:>7.1f} {self.median:>7.0f} {self.p95:>7.0f} {self.slowest:>8.0f}"
            f"  {self.note}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _admin_connection(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


@contextmanager
def database(options: argparse.Namespace, directory: Path) -> Iterator[str]:
    if options.sqlite:
        yield f"sqlite:///{directory / 'load.sqlite3'}"
        return
    if options.database_url:
        yield options.database_url
        return
    base = "postgres://postgres@127.0.0.1:5432"
    name = f"sp_load_{os.getpid()}"
    with _admin_connection(f"{base}/x") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with _admin_connection(f"{base}/x") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(directory: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SCHOOLPRIVACY_MODE": "demo",
        "SCHOOLPRIVACY_VAR_DIR": str(directory),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "schoolprivacy.settings",
    }


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        *(sys.executable, "-m", "schoolprivacy", "serve"),
        *("--addr", f"127.0.0.1:{port}", "--workers", "2", "--no-worker"),
    ]
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter)
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except (urllib.error.URLError, OSError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)


def worker_rss_kib(server: subprocess.Popen[bytes]) -> int:
    """Resident memory of the server and every process below it (gunicorn's workers)."""
    total, pending = 0, [server.pid]
    while pending:
        pid = pending.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        pending.extend(int(child) for child in children)
    return total


def user_class(people: list[dict[str, Any]], mode: str, wait: Any) -> type[FastHttpUser]:
    counter = itertools.count()

    class Staff(FastHttpUser):
        wait_time = wait

        def on_start(self) -> None:
            n = next(counter)
            if mode == "teacher list":
                teachers = [p for p in people if p["role"] == "teacher"]
                self.person = teachers[n % len(teachers)]
            else:
                self.person = people[n % len(people)]
            self.pages = itertools.cycle(self.person["pages"])
            if mode == "mix":  # users start at different pages
                for _ in range(n % max(1, len(self.person["pages"]))):
                    next(self.pages)

        @task
        def read(self) -> None:
            if mode == "healthz":
                url, headers = "/healthz", {}
            elif mode == "teacher list":
                url, headers = "/leerlingen/", {}
            else:
                url = next(self.pages)
                headers = {}
            if url.startswith("/api/"):
                headers = {"Authorization": f"Bearer {self.person['token']}"}
            elif url != "/healthz":
                headers = {"Cookie": f"sessionid={self.person['session']}"}
            name = url.split("?")[0]
            for part in name.split("/"):
                if part.isdigit():
                    name = name.replace(f"/{part}", "/{id}", 1)
            with self.client.get(
                url, headers=headers, name=name, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")

    return Staff


def run_phase(
    host: str, people: list[dict[str, Any]], mode: str, clients: int, seconds: float, wait: Any
) -> tuple[Result, list[str]]:
    env = Environment(user_classes=[user_class(people, mode, wait)], host=host)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(min(5.0, seconds / 4))  # warm-up, not counted
    env.stats.reset_all()
    started = time.perf_counter()
    gevent.sleep(seconds)
    elapsed = time.perf_counter() - started
    total = env.stats.total
    result = Result(
        phase=mode,
        clients=clients,
        requests=total.num_requests,
        errors=total.num_failures,
        rps=total.num_requests / elapsed,
        median=total.get_response_time_percentile(0.5) or 0.0,
        p95=total.get_response_time_percentile(0.95) or 0.0,
        slowest=total.max_response_time or 0.0,
    )
    errors = [f"{e.method} {e.name}: {e.error} x{e.occurrences}" for e in env.stats.errors.values()]
    per_page = [
        f"    {name:<40} {entry.num_requests:>6} "
        f"p95 {entry.get_response_time_percentile(0.95):>5.0f}"
        for (name, _method), entry in sorted(env.stats.entries.items())
    ]
    runner.quit()
    return result, errors + (per_page if mode == "mix" else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of soak (e.g. 600)")
    parser.add_argument("--database-url")
    parser.add_argument("--sqlite", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pages-load-") as tmp:
        directory = Path(tmp)
        with database(options, directory) as url:
            env = environment(directory, url)
            print(f"seeding {options.pupils:,} pupils…", file=sys.stderr, flush=True)
            prepared = subprocess.run(  # noqa: S603 (our own interpreter and script)
                [sys.executable, "-c", PREPARE, str(options.pupils)],
                env=env, check=False, capture_output=True, text=True,
            )  # fmt: skip
            if prepared.returncode:
                raise SystemExit(f"preparing the board failed:\n{prepared.stderr[-3000:]}")
            data = json.loads(prepared.stdout.strip().splitlines()[-1])
            people = data["people"]
            port = free_port()
            server = serve(env, port, directory / "serve.log")
            host = f"http://127.0.0.1:{port}"
            results: list[tuple[Result, list[str]]] = []
            try:
                for mode, clients, wait in (
                    ("healthz", 10, constant(0)),
                    ("teacher list", 10, constant(0)),
                    ("mix", options.users, between(0.5, 1.5)),
                ):
                    print(f"phase: {mode}…", file=sys.stderr, flush=True)
                    results.append(run_phase(host, people, mode, clients, options.seconds, wait))
                if options.soak:
                    print("phase: soak…", file=sys.stderr, flush=True)
                    before: list[int] = []

                    def sample() -> None:
                        before.append(worker_rss_kib(server))

                    gevent.spawn_later(60, sample)
                    soak, errors = run_phase(
                        host, people, "mix", options.users, options.soak, between(0.5, 1.5)
                    )
                    after = worker_rss_kib(server)
                    first = before[0] if before else after
                    soak.phase = "soak (mix)"
                    soak.note = (
                        f"RSS {first / 1024:.0f} → {after / 1024:.0f} MiB "
                        f"({(after - first) / first * 100:+.1f} %)"
                    )
                    results.append((soak, errors[:5]))
            finally:
                server.terminate()
                server.wait(timeout=40)
    print(
        f"\nPages under load: {options.pupils:,} pupils on {data['vendor']}, 2 gunicorn workers, "
        f"{len(people)} staff accounts ({', '.join(sorted({p['role'] for p in people}))})"
    )
    print(
        f"{'phase':<34} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} "
        f"{'median':>7} {'p95':>7} {'slowest':>8}  (ms)"
    )
    for result, lines in results:
        print(result.line())
        for line in lines:
            print(f"    {line}")
    print("goals: teacher list ≥ 90 req/s at 10 clients; mix: 0 errors, p95 ≤ 250 ms; "
          "soak: RSS growth < 10 %")  # fmt: skip
    if data["dropped"]:
        print("pages a role may not open (left out):", "; ".join(data["dropped"][:10]))


if __name__ == "__main__":
    main()
