"""The one public photo address: a live publication's rendition, by its unguessable token.

Only renditions are ever served; an original has no URL at all. A publication that was taken
offline answers 404 at once, and caches must ask again every time (no-cache), so a withdrawal is
not undone by a copy in a browser or proxy cache.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Publication


@require_GET
def rendition(request: HttpRequest, token: str) -> HttpResponse:
    publication = (
        Publication.objects.filter(token=token, status=Publication.Status.LIVE)
        .exclude(rendition="")
        .first()
    )
    if publication is None:
        raise Http404
    response = HttpResponse(storage.read(publication.rendition), content_type="image/jpeg")
    response["Cache-Control"] = "no-cache"
    response["ETag"] = f'"{publication.pk}-{publication.version}"'
    # Only photos in public channels may be found by search engines.
    response["X-Robots-Tag"] = "noindex"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
