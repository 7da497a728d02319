"""The package download behind a signed, expiring, single-use link (requests/links.py)."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from schoolprivacy.requests import package as packages
from schoolprivacy.requests.links import package_link_redeem


@never_cache
def download(request: HttpRequest, signed: str) -> HttpResponse:
    # One transaction: a package that fails to build leaves the link unused; a second click
    # waits for the link's row lock and then finds it used.
    with transaction.atomic():
        found = package_link_redeem(signed)  # 404 for a bad, used or expired link
        content = packages.as_zip(packages.build(found))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_name(found.language, found.pk)}"'
    response["Referrer-Policy"] = "no-referrer"
    return response


def _name(language: str, pk: int) -> str:
    return f"gegevens-{pk}.zip" if language == "nl" else f"data-{pk}.zip"
