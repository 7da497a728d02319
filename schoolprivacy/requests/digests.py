"""The art. 19 notices of a purge run waiting for the run's digest (requests/notices.py).

Each batch of the purge erases the children's names before the run ends, so the names for the
digest are read before each batch and kept here, in this process's memory only, once the batch
committed; never in the database after the erasure. The run's end takes them. A process that
dies before leaves its notices queued: the daily task tries them one by one, and, the names
being gone, leaves them to the privacy officer (decision 0046, amendment)."""

import threading

Told = list[tuple[int, dict[str, str] | None]]

_lock = threading.Lock()
_waiting: dict[int, Told] = {}


def add(run_id: int, told: Told) -> None:
    with _lock:
        _waiting.setdefault(run_id, []).extend(told)


def take(run_id: int) -> Told:
    with _lock:
        return _waiting.pop(run_id, [])
