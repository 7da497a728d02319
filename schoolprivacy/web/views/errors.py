"""Error pages inside the product's layout, in the reader's language, with a way back.

Django's own pages are bare English ("Not Found"); a 404 is frequent here by design (an outsider
asking for a pupil gets one), so it must look like the product and lead somewhere. The 500 page
renders without the request, so a broken database cannot break the error page too.
"""

import logging

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)
TEMPLATE = "errors/error.html"


def _texts(status: int) -> tuple[str, str]:
    if status == 400:
        return _("This request could not be handled"), _(
            "Something in the request was not as expected. Go back and try again."
        )
    if status == 403:
        return _("You cannot do this here"), _(
            "Your account has no permission for this page or action. If your work needs it, "
            "ask your school's functional administrator."
        )
    if status == 404:
        return _("Page not found"), _(
            "This page does not exist, or it is not available to you. Check the address, or "
            "start again from your home page."
        )
    return _("Something went wrong on our side"), _(
        "The page could not be shown. Nothing you did caused this; please try again in a few "
        "minutes. If it keeps happening, tell your school's functional administrator."
    )


def _render(request: HttpRequest | None, status: int) -> str:
    title, explanation = _texts(status)
    context = {"status": status, "title": title, "explanation": explanation}
    return loader.get_template(TEMPLATE).render(context, request)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseBadRequest(_render(request, 400))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseForbidden(_render(request, 403))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(_render(request, 404))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Without the request: no navigation lookups, no session, nothing that needs the database.
    try:
        body = _render(None, 500)
    except Exception:  # the layout itself failed; still answer something readable
        logger.exception("the error page could not be rendered")
        title, explanation = _texts(500)
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{explanation}</p>"
    return HttpResponseServerError(body)
