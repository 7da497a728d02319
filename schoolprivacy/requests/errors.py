"""Errors of the requests app."""

from django.http import Http404


class RequestNotFound(Http404):
    """The request or pupil is not there for this user: a 404, never a 403."""


class TransitionRefused(Exception):
    """A step that the request's state or the law does not allow now; `message` is translated."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
