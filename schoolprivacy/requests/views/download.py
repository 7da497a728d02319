"""The package download behind a signed, expiring, single-use link (requests/links.py).

The package is built by the worker (requests/building.py): until it is ready the link shows how
far it is, without being used; once ready, opening the link uses it and streams the zip from
the private storage, which is removed after the download."""

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from schoolprivacy.requests.build_recovery import (
    MAX_RETRIES,
    package_build_recover,
    package_build_stale,
)
from schoolprivacy.requests.building import (
    archive_remove,
    package_build_queue_unqueued,
    storage,
)
from schoolprivacy.requests.links import package_link_find, package_link_open
from schoolprivacy.requests.models import PackageBuild, PackageLink

_CHUNK = 1024 * 1024


@never_cache
def download(request: HttpRequest, signed: str) -> HttpResponse | StreamingHttpResponse:
    link = package_link_find(signed)  # 404 for a bad, used or expired link
    if link.build != PackageBuild.READY or not link.archive:
        package_build_queue_unqueued(link)  # a link made before the worker built packages
        if package_build_stale(link):  # its worker died: queue it again (or give up) now
            package_build_recover(link_id=link.pk, channel="web")
            link.refresh_from_db()
        return render(
            request,
            "requests/package_status.html",
            {
                "link": link,
                "working": link.build in (PackageBuild.QUEUED, PackageBuild.BUILDING),
                "auto_refresh": request.GET.get("auto") == "1",
                "attempts": MAX_RETRIES + 1,
            },
        )
    opened = package_link_open(signed)  # uses the link, once (two clicks: one download)
    response = StreamingHttpResponse(_stream(opened), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{_name(opened.request.language, opened.request_id)}"'
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def _stream(link: PackageLink) -> Iterator[bytes]:
    try:
        with storage().open(link.archive, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    finally:
        archive_remove(link)


def _name(language: str, pk: int) -> str:
    return f"gegevens-{pk}.zip" if language == "nl" else f"data-{pk}.zip"
