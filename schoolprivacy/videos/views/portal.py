"""A parent's view of the videos their child is listed in (issue 20, point 5): the poster frame
(every face blurred, so no other child is recognisable) and where the video is published."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from schoolprivacy.access.parents import get_child_for_parent
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.videos import storage
from schoolprivacy.videos.models import Video


@require_GET
@parent_required  # type: ignore[arg-type]
def child_video_poster(request: ParentRequest, pupil_id: int, video_id: int) -> FileResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    video = (
        Video.objects.filter(board_id=pupil.board_id, pk=video_id, appearances__pupil=pupil)
        .exclude(poster="")
        .first()
    )
    if video is None:
        raise Http404
    response = FileResponse(storage.open_file(video.poster), content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    return response
