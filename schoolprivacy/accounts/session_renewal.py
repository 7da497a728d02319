"""Renew a signed-in session at most once a minute instead of writing it on every request.

Sessions end after SESSION_IDLE_MINUTES without a request. Saving the session on every request
(`SESSION_SAVE_EVERY_REQUEST`) kept that promise with a database write per page view: on SQLite
every page then waited for the write lock, also behind an import, and on PostgreSQL it was a
commit per page. Renewing when the last renewal is a minute old keeps the promise to within that
minute (a session ends between SESSION_IDLE_MINUTES - 1 and SESSION_IDLE_MINUTES after the last
request) and leaves most page views without a write.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

RENEW_AFTER_SECONDS = 60
RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """Marks the session changed when its last renewal is RENEW_AFTER_SECONDS old or more.

    Django's SessionMiddleware then saves it, which moves its expiry SESSION_COOKIE_AGE ahead
    and sends the cookie again. Sessions with nothing in them (visitors who never signed in)
    are left alone, so no session is made for them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = int(time.time())
        renewed = session.get(RENEWED_KEY)
        if not isinstance(renewed, int) or now - renewed >= RENEW_AFTER_SECONDS:
            session[RENEWED_KEY] = now
        return response
