"""Two connections and a forced interleaving, for check-then-act tests on PostgreSQL.

The first action runs in a thread on a connection of its own until it reaches a `Pause` the
test put in its path (a patched function, a progress callback): inside its transaction, holding
whatever it holds. The second action then runs on a second connection, and PostgreSQL is asked
whether it waits for a lock the first connection holds (`pg_blocking_pids`), rather than
guessing that from how long it takes. Then the first is released, both threads are joined and
both connections closed. Every wait has a timeout, so a deadlock fails the test instead of
hanging it.

    pause = Pause()
    monkeypatch.setattr(rendition, "render", pause.before(rendition.render))
    race = interleave(publish, pause, withdraw, second_waits=True, message="...")
    race.first.result()  # re-raises what the first connection raised
    race.second.result()

`second_waits=True` proves a lock: drop it and the second connection runs straight through, and
`interleave` fails. `second_waits=False` forces the other order: the second connection does all
its work between the first one's check and its act.
"""

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections

TIMEOUT = 30.0  # seconds for any one wait: the pause, a lock, a thread to end
POLL = 0.02


class Worker(threading.Thread):
    """Runs `action` on its own database connection; keeps its value or error, closes it."""

    def __init__(self, action: Callable[[], Any], name: str = "worker") -> None:
        super().__init__(name=name, daemon=True)
        self.action = action
        self.value: Any = None
        self.error: BaseException | None = None
        self.backend_pid: int | None = None  # PostgreSQL's process for this connection

    def run(self) -> None:
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    (self.backend_pid,) = cursor.fetchone()
            self.value = self.action()
        except BaseException as error:  # handed to the test by result()
            self.error = error
        finally:
            connections.close_all()

    def finish(self, timeout: float = TIMEOUT) -> None:
        self.join(timeout)
        if self.is_alive():
            raise AssertionError(f"the {self.name} did not end within {timeout}s (a deadlock?)")

    def result(self, timeout: float = TIMEOUT) -> Any:
        """The action's value once it ended; what it raised is raised again here."""
        self.finish(timeout)
        if self.error is not None:
            raise self.error
        return self.value


class Pause:
    """The first call stops its thread until `release()`; later calls (and all calls once
    released) run freely."""

    def __init__(self, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self.reached = threading.Event()
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._taken = False

    def __call__(self) -> None:
        with self._lock:
            if self._taken:
                return
            self._taken = True
        self.reached.set()
        if not self._released.wait(self.timeout):
            raise AssertionError(f"the pause was not released within {self.timeout}s")

    def release(self) -> None:
        self._released.set()

    def before[**P, R](self, function: Callable[P, R]) -> Callable[P, R]:
        """`function`, stopping at the pause before the first call runs."""

        @functools.wraps(function)
        def paused(*args: P.args, **kwargs: P.kwargs) -> R:
            self()
            return function(*args, **kwargs)

        return paused

    def after[**P, R](self, function: Callable[P, R]) -> Callable[P, R]:
        """`function`, stopping at the pause after the first call ran (before it returns)."""

        @functools.wraps(function)
        def paused(*args: P.args, **kwargs: P.kwargs) -> R:
            value = function(*args, **kwargs)
            self()
            return value

        return paused


@dataclass(frozen=True)
class Interleaving:
    first: Worker
    second: Worker


def interleave(
    first: Callable[[], Any],
    pause: Pause,
    second: Callable[[], Any],
    *,
    second_waits: bool | None,
    message: str = "",
    timeout: float = TIMEOUT,
) -> Interleaving:
    """Run `first` on one connection up to `pause`, then `second` on another until it ends or
    waits for a lock the first holds; release the first; join both. `second_waits` says which
    of the two must happen (None: either, for a test that proves only that nothing deadlocks)."""
    if connection.vendor != "postgresql":
        raise AssertionError("an interleaving of two connections needs PostgreSQL")
    one = Worker(first, name="first connection")
    two = Worker(second, name="second connection")
    one.start()
    try:
        _reach(pause, one, timeout)
        two.start()
        waited = _blocked_by(two, one, timeout)
    finally:
        pause.release()
        one.join(timeout)
        if two.ident is not None:  # started
            two.join(timeout)
    one.finish(0)
    two.finish(0)
    if second_waits is not None and waited != second_waits:
        said = "did not wait" if second_waits else "waited"
        raise AssertionError(
            f"{message or f'the second connection {said} for the first'} "
            f"(first: {one.error!r}, second: {two.error!r})"
        )
    return Interleaving(one, two)


def _reach(pause: Pause, worker: Worker, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not pause.reached.wait(POLL):
        if not worker.is_alive():
            raise AssertionError(f"the {worker.name} ended before the pause") from worker.error
        if time.monotonic() > deadline:
            raise AssertionError(f"the {worker.name} did not reach the pause within {timeout}s")


def _blocked_by(waiter: Worker, holder: Worker, timeout: float) -> bool:
    """True once `waiter` waits for a lock `holder` holds; False if it ends without that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not waiter.is_alive():
            return False
        if waiter.backend_pid is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT %s = ANY(pg_blocking_pids(%s))",
                    [holder.backend_pid, waiter.backend_pid],
                )
                (blocked,) = cursor.fetchone()
            if blocked:
                return True
        time.sleep(POLL)
    raise AssertionError(
        f"the {waiter.name} neither ended nor waited for the {holder.name} within {timeout}s"
    )
