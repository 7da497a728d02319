"""Run gunicorn and one task worker as child processes and keep them together.

The embedded runtime (design.md, "Runtime shapes") is one command: web server plus task worker.
If either child dies, the other is stopped too, so a supervisor (systemd, Docker) sees the whole
service fail and restarts it, instead of a web server whose background tasks silently pile up.
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
    return [sys.executable, "-m", "schoolprivacy", "db_worker"]


@dataclass
class Outcome:
    """Why the children stopped: a signal we forwarded, or which child exited on its own."""

    signal: int | None
    first_exit: str | None
    returncodes: dict[str, int] = field(default_factory=dict)


def run_children(
    commands: dict[str, list[str]], announce: Callable[[dict[str, int]], None]
) -> Outcome:
    """Start every command, forward SIGINT/SIGTERM to them, stop all when one exits."""
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in FORWARDED}
    children: dict[str, subprocess.Popen[bytes]] = {}
    try:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "schoolprivacy.settings"}
        for name, command in commands.items():
            # Its own process group: a Ctrl+C in the terminal reaches only us, and we forward it
            # once (a second SIGINT would make the task worker abandon its task).
            children[name] = subprocess.Popen(command, env=env, process_group=0)  # noqa: S603
        announce({name: child.pid for name, child in children.items()})
        return _supervise(children, received)
    finally:
        for child in children.values():  # only on an unexpected error in this function
            if child.poll() is None:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _supervise(children: dict[str, subprocess.Popen[bytes]], received: list[int]) -> Outcome:
    first_exit = None
    while not received and first_exit is None:
        first_exit = next((n for n, child in children.items() if child.poll() is not None), None)
        if first_exit is None:
            time.sleep(POLL_SECONDS)
    outcome = Outcome(received[0] if received else None, first_exit)

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
