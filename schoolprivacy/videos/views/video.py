"""One video's page: watch it, say who appears, publish it per channel, take it offline.

The detector's face count per sampled frame is shown next to the list of pupils, so staff do not
forget anyone; the software never says who someone is.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.photos.forms import channel_name
from schoolprivacy.videos import selectors, services, storage
from schoolprivacy.videos.face_marks import video_face_marks_set
from schoolprivacy.videos.forms import FaceMarkForm, PublishForm, PupilsForm
from schoolprivacy.videos.models import Video, VideoPupil


def _names(request: StaffRequest, video: Video) -> dict[int, str]:
    """Names of the listed pupils this user may see; others are only counted."""
    visible = selectors.listable_pupils(request.user, video).filter(video_appearances__video=video)
    return {p.pk: f"{p.first_name} {p.surname}" for p in visible}


def _context(request: StaffRequest, video: Video, **extra: object) -> dict[str, object]:
    names = _names(request, video)
    hidden = video.appearances.exclude(pupil_id__in=names).count()
    pupils_form = PupilsForm(
        pupils=selectors.listable_pupils(request.user, video), initial={"pupils": list(names)}
    )
    publications = [
        (publication, channel_name(publication.channel))
        for publication in video.publications.select_related("channel").order_by("-pk")
    ]
    return {
        "video": video,
        "listed": sorted(names.values()),
        "hidden_count": hidden,
        "pupils_form": pupils_form,
        "publish_form": PublishForm(channels=selectors.channels_for(video.board_id)),
        "publications": publications,
        "samples": [{"at": at, "faces": count} for at, count in video.face_counts],
        "marks": [
            (row, names[row.pupil_id], FaceMarkForm(prefix=f"mark-{row.pupil_id}"))
            for row in video.appearances.filter(pupil_id__in=names).order_by("pupil_id")
        ],
        **extra,
    }


@staff_required
def video_detail(request: StaffRequest, video_id: int) -> HttpResponse:
    video = selectors.get_video(request.user, video_id)
    return render(request, "videos/video.html", _context(request, video))


@require_GET
@staff_required  # type: ignore[arg-type]
def video_original(request: StaffRequest, video_id: int) -> FileResponse:
    """The stored (cleaned) original, for staff who may see the video; never cached."""
    video = selectors.get_video(request.user, video_id)
    kind = "video/webm" if video.container == "webm" else "video/mp4"
    response = FileResponse(storage.open_file(video.original), content_type=kind)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
@staff_required  # type: ignore[arg-type]
def video_poster(request: StaffRequest, video_id: int) -> FileResponse:
    video = selectors.get_video(request.user, video_id)
    if not video.poster:
        raise Http404
    response = FileResponse(storage.open_file(video.poster), content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
@staff_required
def pupils_view(request: StaffRequest, video_id: int) -> HttpResponse:
    video = selectors.get_video(request.user, video_id)
    form = PupilsForm(request.POST, pupils=selectors.listable_pupils(request.user, video))
    if not form.is_valid():
        context = _context(request, video)
        context["pupils_form"] = form
        return render(request, "videos/video.html", context, status=400)
    try:
        services.video_pupils_set(
            actor=request.user, video=video, pupils=list(form.cleaned_data["pupils"])
        )
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The list of pupils in this video is saved."))
    return redirect("videos:video", video.pk)


@require_POST
@staff_required
def face_mark_view(request: StaffRequest, video_id: int) -> HttpResponse:
    """Add a mark of where a listed pupil's face is, or remove their marks ("clear")."""
    video = selectors.get_video(request.user, video_id)
    try:
        pupil_id = int(request.POST.get("pupil", ""))
    except ValueError:
        messages.error(request, _("Choose a pupil to mark."))
        return redirect("videos:video", video.pk)
    row = get_object_or_404(
        VideoPupil.objects.select_related("pupil"), video=video, pupil_id=pupil_id
    )
    if not selectors.may_list(request.user, row.pupil, video):
        raise Http404
    if "clear" in request.POST:
        marks = []
    else:
        form = FaceMarkForm(request.POST, prefix=f"mark-{pupil_id}")
        if not form.is_valid():
            messages.error(request, _("Fill in every field of the mark with a number."))
            return redirect("videos:video", video.pk)
        marks = [*row.face_marks, form.mark()]
    try:
        video_face_marks_set(actor=request.user, video=video, pupil=row.pupil, marks=marks)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("videos:video", video.pk)
    messages.success(request, _("The marks of this pupil's face are saved."))
    return redirect("videos:video", video.pk)


@require_POST
@staff_required
def publish_view(request: StaffRequest, video_id: int) -> HttpResponse:
    video = selectors.get_video(request.user, video_id)
    form = PublishForm(request.POST, channels=selectors.channels_for(video.board_id))
    if not form.is_valid():
        context = _context(request, video)
        context["publish_form"] = form
        return render(request, "videos/video.html", context, status=400)
    channel = form.cleaned_data["channel"]
    try:
        outcome = services.video_publish(
            actor=request.user, video=video, channel=channel, mute=form.cleaned_data["mute"]
        )
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("videos:video", video.pk)
    if outcome.publication is None:
        names = _names(request, video)
        problems = [(p.message, names.get(p.pupil_id or 0, "")) for p in outcome.gate.problems]
        context = _context(request, video, problems=problems, blocked_channel=channel_name(channel))
        return render(request, "videos/video.html", context, status=409)
    if outcome.publication.blurred:
        messages.success(
            request,
            _("Published with every face blurred: not every pupil has consent for %(channel)s.")
            % {"channel": channel_name(channel)},
        )
    else:
        messages.success(
            request, _("Published in %(channel)s.") % {"channel": channel_name(channel)}
        )
    return redirect("videos:video", video.pk)


@require_POST
@staff_required
def publication_withdraw_view(request: StaffRequest, video_publication_id: int) -> HttpResponse:
    publication = get_object_or_404(
        selectors.publications_for(request.user), pk=video_publication_id
    )
    services.video_publication_withdraw(actor=request.user, publication=publication)
    messages.success(request, _("The video is taken offline."))
    return redirect("videos:video", publication.video_id)
