"""The live server answers one request at a time when its threads share SQLite in memory.

pytest-django's live server answers each request in a thread of its own. With the test database
in memory (the SQLite pass) every thread uses the test's one connection, which must not be used
by two threads at once (Django's LiveServerTestCase documentation). A page that loads a video
and its poster while the test fetches a third address did exactly that, and SQLite answered
"bad parameter or other API misuse": the request failed halfway through the sign-in middleware
and the test saw the sign-in page instead of the video.

So there each request runs to its end under one lock, its body read whole before the lock is
released (a streamed response could otherwise reach the database afterwards, on closing). With a
database server (PostgreSQL) each thread has its own connection and nothing changes.

The test's own thread uses that connection too and is not under the lock: a browser test reads
the database only once the page it waits for has loaded (navigation.py), not while a page still
fetches its video or images.
"""

import threading
from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def one_at_a_time(app: WsgiApp) -> WsgiApp:
    lock = threading.Lock()

    def serialized(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with lock:
            result = app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()

    return serialized


def serialize_if_shared(live_server: Any) -> None:
    """Wrap the live server's application when its threads share a connection."""
    thread = live_server.thread
    if thread.connections_override:
        thread.httpd.set_app(one_at_a_time(thread.httpd.get_app()))
