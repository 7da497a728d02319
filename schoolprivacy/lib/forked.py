"""One function over several calls at once: the first call in this process, each other one in
a process forked for it, each with database connections of its own (decision 0063).

For work that is CPU-bound in Python (one interpreter runs one thread at a time) and reads a
database the children can open themselves: `verify-audit` over a long chain. Forking copies the
loaded product, so a child starts in milliseconds where a fresh interpreter would spend a second
loading Django. This process's connections are closed first: a child must never use a
connection it inherited (two processes talking over one socket corrupt both), and Django opens
new ones on first use, in the child and here. So only outside a transaction: what this one has
not committed, the children would not see (`can_fork` says whether it may be used).
"""

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from django.db import connections


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork(alias: str = "default") -> bool:
    """Whether `forked_map` may run here: a platform that forks, no transaction open, and a
    database a second process can open (not SQLite in memory)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    # Every connection `forked_map` closes: one in a transaction (in `atomic`, or with
    # autocommit off) would lose what it has not committed.
    for each in connections.all(initialized_only=True):
        if each.in_atomic_block or (each.connection is not None and not each.get_autocommit()):
            return False
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()  # type: ignore[attr-defined]
    return True


def forked_map[R](function: Callable[..., R], calls: Sequence[tuple[Any, ...]]) -> list[R]:
    """[function(*call) for call in calls], the first here, the others in forked processes at
    the same time. The results (and anything a child raised) come back pickled; a child that
    raised makes this raise the same error once every child has ended."""
    if len(calls) <= 1:
        return [function(*call) for call in calls]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        for call in calls[1:]:
            receiving, sending = context.Pipe(duplex=False)
            started = context.Process(
                target=_child, args=(sending, function, call, os.getpid()), daemon=True
            )
            started.start()
            sending.close()
            children.append((started, receiving))
        results = [function(*calls[0])]
        error: BaseException | None = None
        for child, receiving in children:
            try:
                succeeded, value = receiving.recv()
            except EOFError:
                child.join()
                succeeded, value = (
                    False,
                    RuntimeError(
                        f"a forked process ended without an answer (exit code {child.exitcode})"
                    ),
                )
            if succeeded:
                results.append(value)
            elif error is None:
                error = value
        if error is not None:
            raise error
        return results
    finally:
        for child, receiving in children:
            receiving.close()
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()
                child.join()


def _end_with_parent(parent: int) -> None:
    """On Linux: this process gets SIGTERM when its parent ends (killed by a timeout, say),
    instead of working on for nobody. The parent may have ended before this was asked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent's `finally` ends its children
        return
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _child(
    sending: Connection, function: Callable[..., Any], call: tuple[Any, ...], parent: int
) -> None:
    _end_with_parent(parent)
    try:
        try:
            answer: tuple[bool, Any] = (True, function(*call))
        except Exception as error:  # handed to the parent, which raises it
            answer = (False, error)
        try:
            sending.send(answer)
        except Exception as unpicklable:  # an error that cannot be pickled: say what it was
            sending.send((False, RuntimeError(f"{answer[1]!r} ({unpicklable})")))
    finally:
        connections.close_all()
        sending.close()
