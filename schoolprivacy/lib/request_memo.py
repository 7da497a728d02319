"""Values worked out once per request and forgotten when it ends (decision 0052).

A page asks the access policy the same questions several times (the list, the navigation, the
read log, the record form): which grants does this user hold today, which emergency accesses are
open. `memoised` answers each once while a request runs and computes afresh everywhere else
(commands, tasks, tests that call selectors directly), because only
`accounts.middleware.RequestMemoMiddleware` opens a memo, and it drops it when the response
is ready. Whoever writes rows that the memoised answers are built from calls `forget()` (access
connects it to those models' signals), so a request that changes a grant sees the change.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """A fresh, empty memo for the code inside; the one outside (usually none) comes back after."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised[T](key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per request for `key`; outside a request every call computes."""
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    value: T = store[key]
    return value


def is_open() -> bool:
    """Whether a request's memo is open here (memoised answers are then shared)."""
    return _memo.get() is not None


def forget() -> None:
    """Drop everything memoised in this request (after a write the answers depend on)."""
    store = _memo.get()
    if store is not None:
        store.clear()
