"""The supervisor behind `serve`, with stand-in child processes: a child that may be restarted
is started again when it exits; when any other dies, all stop."""

import signal
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schoolprivacy.demo.serving import run_children

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def exits(status: int) -> list[str]:
    return [sys.executable, "-c", f"import sys, time; time.sleep(0.3); sys.exit({status})"]


def test_it_stops_the_task_worker_when_gunicorn_dies():
    announced: dict[str, int] = {}
    outcome = run_children({"gunicorn": exits(3), "task worker": SLEEPER}, announced.update)
    assert set(announced) == {"gunicorn", "task worker"}
    assert outcome.first_exit == "gunicorn"
    assert outcome.returncodes == {"gunicorn": 3, "task worker": -signal.SIGTERM}


def test_it_stops_the_others_when_a_child_that_may_not_restart_dies():
    outcome = run_children({"gunicorn": SLEEPER, "task worker": exits(1)}, lambda pids: None)
    assert outcome.first_exit == "task worker"
    assert outcome.returncodes["gunicorn"] == -signal.SIGTERM


def test_it_starts_the_task_worker_again_each_time_it_dies():
    restarted: list[tuple[str, int]] = []
    gunicorn = [sys.executable, "-c", "import sys, time; time.sleep(2.5); sys.exit(3)"]
    outcome = run_children(
        {"gunicorn": gunicorn, "task worker": exits(1)},
        lambda pids: None,
        restart=frozenset({"task worker"}),
        restarted=lambda name, code, pid: restarted.append((name, code)),
        first_wait=0.1,
    )
    # Exits after 0.3 s, waits 0.1, 0.2, 0.4, 0.8 s: about four restarts before gunicorn stops.
    assert outcome.first_exit == "gunicorn"
    assert 2 <= outcome.restarts["task worker"] == len(restarted) <= 5
    assert set(restarted) == {("task worker", 1)}


def test_it_refuses_an_address_without_a_port():
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("serve", addr="localhost")
