"""The supervisor behind `serve`, with stand-in child processes: when one dies, all stop."""

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


def test_it_stops_gunicorn_when_the_task_worker_dies():
    outcome = run_children({"gunicorn": SLEEPER, "task worker": exits(1)}, lambda pids: None)
    assert outcome.first_exit == "task worker"
    assert outcome.returncodes["gunicorn"] == -signal.SIGTERM


def test_it_refuses_an_address_without_a_port():
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("serve", addr="localhost")
