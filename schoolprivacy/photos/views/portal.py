"""The parent's view of their child's photos (issue 6, point 6: part of the data shown to
parents).

A parent sees the photo with every face but their own child's blurred: the other children on it
are other people's data, and their parents may not have consented to anything.
"""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from schoolprivacy.access.parents import get_child_for_parent
from schoolprivacy.accounts.decorators import ParentRequest, parent_required
from schoolprivacy.photos import images, rendition, storage
from schoolprivacy.photos.models import Face

PORTAL_SIDE = 1280


@require_GET
@parent_required
def child_photo(request: ParentRequest, pupil_id: int, photo_id: int) -> HttpResponse:
    pupil = get_child_for_parent(request.user, pupil_id)
    own = Face.objects.filter(board_id=pupil.board_id, pupil=pupil, photo_id=photo_id).first()
    if own is None:
        raise Http404
    photo = own.photo
    others = list(photo.faces.exclude(pk=own.pk))
    content = rendition.render(
        images.open_image(storage.read(photo.original)), blur=others, max_side=PORTAL_SIDE
    )
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    return response
