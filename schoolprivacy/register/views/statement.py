"""The public privacy statement of one school: no sign-in, always generated from the register."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache

from schoolprivacy.register.selectors import school_for_statement
from schoolprivacy.register.statement import statement_for


def _choose_language(request: HttpRequest) -> HttpResponseRedirect:
    """`?lang=en` in a shared link: remember the language as the header's switch does
    (Django's set_language cookie), then show the clean address. A redirect rather than
    rendering in place, so the switch in the header keeps working on the page afterwards."""
    query = request.GET.copy()
    language = query.pop("lang", [""])[-1]
    target = request.path + (f"?{urlencode(query, doseq=True)}" if query else "")
    response = HttpResponseRedirect(target)
    if check_for_language(language) and language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
    return response


# Never cached, by us or by a proxy: the statement must show the register as it is right now.
@never_cache
def privacy_statement(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = school_for_statement(school_slug)
    if "lang" in request.GET:
        return _choose_language(request)
    board = school.board
    return render(
        request,
        "register/statement.html",
        {"statement": statement_for(school), "school": school, "board": board},
    )
