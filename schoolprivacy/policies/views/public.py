"""A published policy, public like the privacy statement that links it: no sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from schoolprivacy.policies.selectors import get_published_document
from schoolprivacy.register.selectors import school_for_statement


@never_cache
def public_policy(request: HttpRequest, school_slug: str, document_id: int) -> HttpResponse:
    school = school_for_statement(school_slug)
    published = get_published_document(school.board_id, document_id)
    return render(
        request,
        "policies/public.html",
        {"school": school, "document": published.document, "version": published.version},
    )
