"""Run gunicorn and one task worker as child processes and keep them together.

The embedded runtime (design.md, "Runtime shapes") is one command: web server plus task worker.
A task worker that exits on its own is started again, after a pause that doubles with each exit
in a row (up to `MAX_RESTART_WAIT`): a crashed worker must not take the web pages down with it
(issue 12). If gunicorn's master dies, the worker is stopped too, so a supervisor (systemd,
Docker) sees the whole service fail and restarts it.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

DEFAULT_ADDR = "127.0.0.1:8000"
# How long a child may take to finish its requests or task after SIGTERM before it is killed;
# a little longer than gunicorn's default graceful timeout of 30 seconds.
STOP_TIMEOUT = 35.0
POLL_SECONDS = 0.1
# Pauses before starting an exited child again; a child that ran this long counts as healthy.
FIRST_RESTART_WAIT = 1.0
MAX_RESTART_WAIT = 60.0
HEALTHY_SECONDS = 120.0
FORWARDED = (signal.SIGINT, signal.SIGTERM)


class AddressError(ValueError):
    pass


def parse_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(f"--addr must look like HOST:PORT (e.g. {DEFAULT_ADDR}), not {addr!r}.")
    return host, int(port)


def gunicorn_command(addr: str, workers: int) -> list[str]:
    # No access log: request lines hold addresses and one-time sign-in links (design.md: logs
    # never carry personal values). Errors still go to stderr. No control socket: we manage
    # gunicorn with signals, and its default socket in ~/.gunicorn is shared by every instance
    # of the user, so a second `serve` (or the test suite) would take over the first one's.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "schoolprivacy.wsgi:application",
        "--bind",
        addr,
        "--workers",
        str(workers),
        "--no-control-socket",
    ]


def worker_command() -> list[str]:
    # Our worker waits out a locked database instead of exiting (demo/worker.py).
    return [sys.executable, "-m", "schoolprivacy", "task_worker"]


@dataclass
class Outcome:
    """Why the children stopped: a signal we forwarded, or which child exited on its own."""

    signal: int | None
    first_exit: str | None
    returncodes: dict[str, int] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)


Restarted = Callable[[str, int, int], None]  # name, its exit status, the new pid


def run_children(
    commands: dict[str, list[str]],
    announce: Callable[[dict[str, int]], None],
    *,
    restart: frozenset[str] = frozenset(),
    restarted: Restarted | None = None,
    first_wait: float = FIRST_RESTART_WAIT,
) -> Outcome:
    """Start every command and forward SIGINT/SIGTERM to them. A child named in `restart` that
    exits is started again; when any other exits, all are stopped."""
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in FORWARDED}
    children: dict[str, subprocess.Popen[bytes]] = {}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "schoolprivacy.settings"}

    def start(name: str) -> subprocess.Popen[bytes]:
        # Its own process group: a Ctrl+C in the terminal reaches only us, and we forward it
        # once (a second SIGINT would make the task worker abandon its task).
        children[name] = subprocess.Popen(commands[name], env=env, process_group=0)  # noqa: S603
        return children[name]

    try:
        for name in commands:
            start(name)
        announce({name: child.pid for name, child in children.items()})
        policy = _Restarts(restart, start, restarted, first_wait)
        return _supervise(children, received, policy)
    finally:
        for child in children.values():  # only on an unexpected error in this function
            if child.poll() is None:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class _Restarts:
    names: frozenset[str]
    start: Callable[[str], subprocess.Popen[bytes]]
    restarted: Restarted | None
    first_wait: float
    counts: dict[str, int] = field(default_factory=dict)
    waits: dict[str, float] = field(default_factory=dict)
    due: dict[str, float] = field(default_factory=dict)  # name -> when to start it again
    started: dict[str, float] = field(default_factory=dict)

    def exited(self, name: str, now: float) -> None:
        if now - self.started.get(name, 0.0) > HEALTHY_SECONDS:
            self.waits[name] = self.first_wait  # a new failure, not the same one again
        wait = self.waits.get(name, self.first_wait)
        self.due[name] = now + wait
        self.waits[name] = min(wait * 2, MAX_RESTART_WAIT)

    def start_due(self, children: dict[str, subprocess.Popen[bytes]], now: float) -> None:
        for name, when in list(self.due.items()):
            if when <= now:
                code = children[name].returncode
                del self.due[name]
                child = self.start(name)
                self.started[name] = now
                self.counts[name] = self.counts.get(name, 0) + 1
                if self.restarted is not None:
                    self.restarted(name, code, child.pid)


def _supervise(
    children: dict[str, subprocess.Popen[bytes]], received: list[int], restarts: _Restarts
) -> Outcome:
    first_exit = None
    restarts.started = dict.fromkeys(children, time.monotonic())
    while not received and first_exit is None:
        now = time.monotonic()
        restarts.start_due(children, now)
        for name, child in children.items():
            if name in restarts.due or child.poll() is None:
                continue
            if name in restarts.names:
                restarts.exited(name, now)
            else:
                first_exit = name
                break
        if first_exit is None:
            time.sleep(POLL_SECONDS)
    outcome = Outcome(received[0] if received else None, first_exit, restarts=restarts.counts)

    # Stop the rest: forward the signal we got (SIGINT: gunicorn's quick shutdown), else SIGTERM.
    for child in children.values():
        if child.poll() is None:
            child.send_signal(outcome.signal or signal.SIGTERM)
    forwarded = 1 if received else 0
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(child.poll() is None for child in children.values()):
        if time.monotonic() > deadline:
            for child in children.values():
                if child.poll() is None:
                    child.kill()
            break
        # A second Ctrl+C while stopping is passed on too: both children then stop at once.
        for sig in received[forwarded:]:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(sig)
        forwarded = len(received)
        time.sleep(POLL_SECONDS)
    outcome.returncodes = {name: child.wait() for name, child in children.items()}
    return outcome
