"""The one public video address: a live publication's file, by its unguessable token.

Only the published file is ever served (the cleaned original copied, or the blurred rendition);
the stored original has no URL. Until the worker made the file, and from the moment the
publication is taken offline or must be blurred again, the address answers 404.
"""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from schoolprivacy.videos.api import file_response
from schoolprivacy.videos.models import VideoPublication


@require_GET
def rendition(request: HttpRequest, token: str) -> FileResponse:
    publication = (
        VideoPublication.objects.filter(
            token=token,
            status=VideoPublication.Status.LIVE,
            render=VideoPublication.Render.READY,
        )
        .exclude(rendition="")
        .first()
    )
    if publication is None:
        raise Http404
    response = file_response(publication)
    response["X-Robots-Tag"] = "noindex"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
