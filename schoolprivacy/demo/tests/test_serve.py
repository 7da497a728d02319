"""`serve` as a real process: gunicorn and the task worker start, answer, and stop together."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from schoolprivacy.testing import sqlite_files

pytestmark = pytest.mark.own_sqlite_file

STARTUP_SECONDS = 12
SERVE = [sys.executable, "-m", "schoolprivacy", "serve"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def environment(migrated_installation: Path, tmp_path: Path) -> dict[str, str]:
    return sqlite_files.environment(sqlite_files.copy_installation(migrated_installation, tmp_path))


def _wait_until_serving(server: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while healthz(port) != 200:
        assert server.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)


def test_it_serves_until_sigterm_and_stops_both_children(environment, tmp_path):
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*SERVE, "--addr", f"127.0.0.1:{port}", "--workers", "1"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    pids: dict[str, int] = {}
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while healthz(port) != 200:
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        found = re.search(r"gunicorn pid (\d+), task worker pid (\d+)", log_path.read_text())
        assert found, log_path.read_text()
        pids = {"gunicorn": int(found[1]), "worker": int(found[2])}

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0, log_path.read_text()
        # Each child leads its own process group; gunicorn's web processes are in its group.
        assert not any(group_alive(pid) for pid in pids.values()), log_path.read_text()
        assert "Stopped." in log_path.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in pids.values():
            if group_alive(pid):
                os.killpg(pid, signal.SIGKILL)


def test_a_killed_task_worker_is_started_again_and_the_pages_stay(environment, tmp_path):
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*SERVE, "--addr", f"127.0.0.1:{port}", "--workers", "1"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    pids: list[int] = []
    try:
        _wait_until_serving(server, port, log_path)
        found = re.search(r"gunicorn pid (\d+), task worker pid (\d+)", log_path.read_text())
        assert found, log_path.read_text()
        pids = [int(found[1]), int(found[2])]
        os.kill(pids[1], signal.SIGKILL)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (again := re.search(r"started again \(pid (\d+)\)", log_path.read_text())):
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        pids.append(int(again[1]))
        assert group_alive(pids[2]) and healthz(port) == 200, log_path.read_text()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0, log_path.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in pids:
            if group_alive(pid):
                os.killpg(pid, signal.SIGKILL)
