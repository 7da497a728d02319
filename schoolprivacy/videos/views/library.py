"""Staff pages: the video library and the upload (with a progress bar, static/videos/upload.js).

Reads through `videos.selectors` (404 for anyone without image work at a school), writes through
`videos.services`.
"""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.photos.services import event_create
from schoolprivacy.videos import media, selectors
from schoolprivacy.videos.forms import UploadForm
from schoolprivacy.videos.services import video_upload


@staff_required
def library(request: StaffRequest) -> HttpResponse:
    if not selectors.video_schools(request.user).exists():
        raise Http404
    videos = selectors.videos_for(request.user).order_by("-event__held_on", "-uploaded_at")[:200]
    context = {"videos": videos, "is_director": may(request.user, Duty.ACT_ON_TAKEDOWNS)}
    return render(request, "videos/library.html", context)


def _json(request: StaffRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: StaffRequest) -> HttpResponse:
    schools = selectors.video_schools(request.user)
    if not schools.exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            with tempfile.TemporaryDirectory(prefix="video-in-") as folder:
                source = Path(folder) / "upload"
                with source.open("wb") as target:
                    for chunk in form.cleaned_data["file"].chunks():
                        target.write(chunk)
                with transaction.atomic():
                    event = event_create(
                        actor=request.user,
                        school=form.cleaned_data["school"],
                        name=form.cleaned_data["event_name"],
                        held_on=form.cleaned_data["event_date"],
                    )
                    video = video_upload(actor=request.user, event=event, source=source)
        except media.VideoRejected as rejected:
            form.add_error("file", rejected.message)
        except ValidationError as error:
            form.add_error("event_name", error)
        except PermissionDenied:
            raise Http404 from None
        else:
            url = reverse("videos:video", args=[video.pk])
            return JsonResponse({"url": url}) if _json(request) else redirect(url)
        if _json(request):
            errors = [str(e) for field in form.errors.values() for e in field]
            return JsonResponse({"errors": errors}, status=400)
    status = 400 if request.method == "POST" else 200
    texts = {
        "progress": _("Uploaded: %(percent)s of 100 percent"),
        "done": _("Uploaded. The video is being processed."),
        "failed": _("The upload failed. Try again."),
    }
    context = {"form": form, "upload_texts": texts}
    return render(request, "videos/upload.html", context, status=status)
