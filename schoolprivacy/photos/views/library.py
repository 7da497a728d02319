"""Staff pages of the photo library: the library and the upload.

Every read goes through `photos.selectors` (404 for anyone without the photo, group or school);
every write through `photos.services`. Pages that only someone with photo work reaches (a
school-wide image role or a teacher's group) answer 404 to everyone else, also the privacy officer
and administration, who have no routine access to pupils' photos. One photo's page is in
photo.py; who may appear and the takedowns in consent.py.
"""

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, may
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.photos import forms, images, selectors, services
from schoolprivacy.photos.forms import channel_name
from schoolprivacy.photos.models import Photo, PhotoEvent, Publication
from schoolprivacy.schools.models import Group, School

PER_PAGE = 48
# Longer side of the staff preview: sharp enough to recognise a child on a laptop screen, and
# the small size for library thumbnails.
PREVIEW_SIDE = 1600
THUMBNAIL_SIDE = 480


def photo_schools_or_404(request: StaffRequest) -> list[School]:
    schools = list(selectors.photo_schools(request.user))
    if not schools:
        raise Http404
    return schools


def _wants_json(request: StaffRequest) -> bool:
    # The upload script asks for JSON; a plain form post gets pages.
    return request.headers.get("Accept", "").startswith("application/json")


@staff_required
def library(request: StaffRequest) -> HttpResponse:
    photo_schools_or_404(request)
    untagged = Q(faces__pupil__isnull=True, faces__not_a_pupil=False, faces__erased=False)
    photos = (
        selectors.photos_for(request.user)
        .annotate(face_count=Count("faces"), untagged_count=Count("faces", filter=untagged))
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=Publication.objects.filter(status=Publication.Status.LIVE)
                .select_related("channel")
                .order_by("channel__name"),
                to_attr="live",
            )
        )
        .order_by("-event__held_on", "-event_id", "-uploaded_at", "-id")
    )
    page = Paginator(photos, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(p, [channel_name(pub.channel) for pub in p.live]) for p in page]  # type: ignore[attr-defined]
    events = [(e, list(group)) for e, group in groupby(rows, key=lambda row: row[0].event)]
    context = {
        "page": page,
        "events": events,
        "is_director": may(request.user, Duty.ACT_ON_TAKEDOWNS),
    }
    return render(request, "photos/library.html", context)


def _upload_school(request: StaffRequest, schools: list[School]) -> School | None:
    """The school chosen (POST or ?school=), the only one, or None when the user must choose."""
    chosen = request.POST.get("school") or request.GET.get("school")
    if chosen:
        school = next((s for s in schools if str(s.pk) == chosen), None)
        if school is None:
            raise Http404
        return school
    return schools[0] if len(schools) == 1 else None


@dataclass(frozen=True)
class FileResult:
    name: str
    photo: Photo | None
    message: str


def _store_one(
    request: StaffRequest,
    event: PhotoEvent | None,
    new_event: dict[str, Any],
    group: Group | None,
    upload: UploadedFile,
) -> FileResult:
    """Store one file in `event`, or, while there is none yet, in a new event made from
    `new_event` in the same transaction: an upload of refused files leaves no empty event."""
    name = upload.name or "?"
    try:
        if upload.size is not None and upload.size > settings.PHOTO_MAX_BYTES:
            # Refused before it is read into memory; ingest would refuse it too.
            raise images.ImageRejected("too_large", limit=f"{settings.PHOTO_MAX_BYTES / 2**20:.4g}")
        data = upload.read()
        with transaction.atomic():
            target = event or services.event_create(
                actor=request.user,
                school=new_event["school"],
                name=new_event["name"],
                held_on=new_event["held_on"],
            )
            photo = services.photo_upload(actor=request.user, event=target, data=data, group=group)
    except images.ImageRejected as refused:
        return FileResult(name, None, refused.message)
    except PermissionDenied:
        raise Http404 from None
    return FileResult(name, photo, _("Stored"))


def _upload_texts() -> dict[str, str]:
    """What the upload script says, translated here (the script itself has no gettext)."""
    return {
        "waiting": _("Waiting"),
        "uploading": _("Uploading…"),
        "stored": _("Stored"),
        "open": _("Open photo"),
        "refused": _("Refused:"),
        "failed": _("Not uploaded: the connection failed. Try this file again."),
        "progress": _("%(done)s of %(total)s files handled."),
        "done": _("Done: %(stored)s stored, %(refused)s refused."),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: StaffRequest) -> HttpResponse:
    schools = photo_schools_or_404(request)
    school = _upload_school(request, schools)
    if school is None:
        return render(request, "photos/choose_school.html", {"schools": schools})
    events = list(selectors.events_for(request.user, school))
    groups = selectors.upload_groups(request.user, school)
    is_post = request.method == "POST"
    initial: dict[str, object] = {"event": request.GET.get("event", forms.NEW_EVENT)}
    if groups.count() == 1:
        initial["group"] = groups.first()
    form = forms.UploadForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        events=events,
        groups=groups,
        initial=initial,
    )
    new_event = forms.EventForm(
        request.POST if is_post else None,
        prefix="new",
        required=request.POST.get("event") == forms.NEW_EVENT,
    )
    if is_post and form.is_valid() and new_event.is_valid():
        event = form.chosen_event()
        new_event_data = {**new_event.cleaned_data, "school": school}
        created = event is None
        group = form.cleaned_data["group"]
        # One by one, each in its own transaction: a refused file never costs the others. A new
        # event is made with the first photo that is stored.
        results = []
        for upload_file in form.cleaned_data["photos"]:
            result = _store_one(request, event, new_event_data, group, upload_file)
            results.append(result)
            if event is None and result.photo is not None:
                event = result.photo.event
        if _wants_json(request):
            first = results[0]
            body: dict[str, Any] = {
                "stored": first.photo is not None,
                "message": first.message,
                "url": reverse("photos:photo", args=[first.photo.pk]) if first.photo else "",
            }
            if created and event is not None:
                # The upload script sends the next files to this event.
                body["event"] = {"id": event.pk, "label": forms.event_label(event)}
            return JsonResponse(body, status=200 if first.photo else 422)
        # `event` stays None when every file was refused: no event was made.
        result_context = {"results": results, "event": event, "school": school}
        return render(request, "photos/upload_result.html", result_context)
    if is_post and _wants_json(request):
        errors = {**form.errors.get_json_data(), **new_event.errors.get_json_data()}
        return JsonResponse({"errors": errors}, status=400)
    context = {
        "form": form,
        "new_event": new_event,
        "school": school,
        "several_schools": len(schools) > 1,
        "texts": _upload_texts(),
    }
    return render(request, "photos/upload.html", context, status=400 if is_post else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def event_create_view(request: StaffRequest) -> HttpResponse:
    """A new event. The upload script creates it here first, so that its files, sent one by
    one, all land in the same event; without JavaScript the upload page creates it inline."""
    schools = photo_schools_or_404(request)
    school = _upload_school(request, schools)
    if school is None:
        return render(request, "photos/choose_school.html", {"schools": schools})
    form = forms.EventForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        event = services.event_create(
            actor=request.user,
            school=school,
            name=form.cleaned_data["name"],
            held_on=form.cleaned_data["held_on"],
        )
        if _wants_json(request):
            label = forms.event_label(event)
            return JsonResponse({"id": event.pk, "label": label}, status=201)
        url = reverse("photos:upload") + f"?school={school.pk}&event={event.pk}"
        return redirect(url)
    if request.method == "POST" and _wants_json(request):
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "photos/event_create.html", {"form": form, "school": school}, status=status
    )
