"""Staff pages of the photo library: library, upload, one photo (tag, publish), who may appear,
and the location director's takedowns.

Every read goes through `photos.selectors` (404 for anyone without the photo, group or school);
every write through `photos.services`. Pages that only someone with photo work reaches (a
school-wide image role or a teacher's group) answer 404 to everyone else, also the privacy officer
and administration, who have no routine access to pupils' photos.
"""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.selectors import purposes_for_school, statuses_for_pupils
from schoolprivacy.people.selectors import pupils_in_group
from schoolprivacy.photos import forms, images, rendition, selectors, services, storage
from schoolprivacy.photos.forms import channel_name
from schoolprivacy.photos.gate import evaluate
from schoolprivacy.photos.models import ChannelMode, Detection, Face, Photo, PhotoEvent, Publication
from schoolprivacy.photos.services import PublishOutcome
from schoolprivacy.schools.models import Group, School
from schoolprivacy.web.decorators import StaffRequest, staff_required

PER_PAGE = 48
# Longer side of the staff preview: sharp enough to recognise a child on a laptop screen, and
# the small size for library thumbnails.
PREVIEW_SIDE = 1600
THUMBNAIL_SIDE = 480


def _photo_schools(request: StaffRequest) -> list[School]:
    schools = list(selectors.photo_schools(request.user))
    if not schools:
        raise Http404
    return schools


def _wants_json(request: StaffRequest) -> bool:
    # The upload script asks for JSON; a plain form post gets pages.
    return request.headers.get("Accept", "").startswith("application/json")


@staff_required
def library(request: StaffRequest) -> HttpResponse:
    _photo_schools(request)
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
    directs = scope_for(request.user).schools_by_role.get(Role.LOCATION_DIRECTOR)
    context = {"page": page, "events": events, "is_director": bool(directs)}
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
    request: StaffRequest, event: PhotoEvent, group: Group | None, upload: UploadedFile
) -> FileResult:
    name = upload.name or "?"
    try:
        if upload.size is not None and upload.size > settings.PHOTO_MAX_BYTES:
            # Refused before it is read into memory; ingest would refuse it too.
            raise images.ImageRejected("too_large", limit=f"{settings.PHOTO_MAX_BYTES / 2**20:.4g}")
        photo = services.photo_upload(
            actor=request.user, event=event, data=upload.read(), group=group
        )
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
        "event": _("Creating the event…"),
        "progress": _("%(done)s of %(total)s files handled."),
        "done": _("Done: %(stored)s stored, %(refused)s refused."),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: StaffRequest) -> HttpResponse:
    schools = _photo_schools(request)
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
        event = form.chosen_event() or services.event_create(
            actor=request.user,
            school=school,
            name=new_event.cleaned_data["name"],
            held_on=new_event.cleaned_data["held_on"],
        )
        group = form.cleaned_data["group"]
        # One by one, each in its own transaction: a refused file never costs the others.
        results = [_store_one(request, event, group, f) for f in form.cleaned_data["photos"]]
        if _wants_json(request):
            first = results[0]
            body = {
                "stored": first.photo is not None,
                "message": first.message,
                "url": reverse("photos:photo", args=[first.photo.pk]) if first.photo else "",
            }
            return JsonResponse(body, status=200 if first.photo else 422)
        context = {"results": results, "event": event, "school": school}
        return render(request, "photos/upload_result.html", context)
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
    schools = _photo_schools(request)
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


@dataclass(frozen=True)
class Cell:
    """One face in one channel: the consent status (pupils only) and what publishing does."""

    status: str
    effect: str  # shown | blurred | blocks | unavailable


@dataclass
class FaceRow:
    number: int
    face: Face
    name: str
    form: forms.FaceTagForm
    cells: list[Cell]
    label_x: int
    label_y: int


def _effect(channel_mode: str, shown: bool) -> str:
    if shown:
        return "shown"
    return "blocks" if channel_mode == ChannelMode.BLOCK else "blurred"


def photo_page_context(
    user: User,
    photo: Photo,
    *,
    publish_form: forms.PublishForm | None = None,
    outcome: PublishOutcome | None = None,
) -> dict[str, object]:
    faces = list(selectors.faces_of(photo).select_related("tagged_by"))
    pupils = list(selectors.taggable_pupils(user, photo))
    visible = {p.pk: p.name for p in pupils}
    channels = list(selectors.channels_for(photo.board_id))
    detected = photo.detection == Detection.DONE
    # The gate itself says per channel what would happen, so this table cannot disagree with
    # what publishing does. A fixed number of queries per channel.
    gates = [evaluate(photo, channel, faces=faces) for channel in channels] if detected else []
    # Numbers scale with the photo, as the SVG is drawn in the photo's own pixels.
    font = max(16, round(max(photo.width, photo.height) / 40))
    rows = []
    for number, face in enumerate(faces, 1):
        cells = []
        for gate in gates:
            verdict = next((v for v in gate.verdicts if v.face.pk == face.pk), None)
            if gate.purpose is None or verdict is None:
                cells.append(Cell("", "unavailable"))
            else:
                cells.append(
                    Cell(verdict.consent_status, _effect(gate.channel.mode, verdict.shown))
                )
        above = face.y > font * 1.2
        rows.append(
            FaceRow(
                number=number,
                face=face,
                name=visible.get(face.pupil_id, "") if face.pupil_id else "",
                form=forms.FaceTagForm(face=face, number=number, pupils=pupils),
                cells=cells,
                label_x=face.x,
                label_y=face.y - round(font * 0.3) if above else face.y + face.height + font,
            )
        )
    by_face = {row.face.pk: row for row in rows}
    problems = [
        (
            by_face.get(p.face_id) if p.face_id else None,
            p.message,
            {"status": p.consent_status} if p.consent_status else None,
        )
        for p in (outcome.gate.problems if outcome else [])
    ]
    return {
        "photo": photo,
        "rows": rows,
        "detected": detected,
        "channels": [channel_name(c) for c in channels],
        "font_size": font,
        "stroke": max(2, round(max(photo.width, photo.height) / 400)),
        "publish_form": publish_form
        or forms.PublishForm(channels=selectors.channels_for(photo.board_id)),
        "outcome": outcome,
        "outcome_channel": channel_name(outcome.gate.channel) if outcome else "",
        "problems": problems,
        "publications": [
            (pub, channel_name(pub.channel))
            for pub in photo.publications.select_related("channel").order_by("-published_at", "-id")
        ],
    }


@staff_required
def photo_detail(request: StaffRequest, photo_id: int) -> HttpResponse:
    photo = selectors.get_photo(request.user, photo_id)
    return render(request, "photos/photo.html", photo_page_context(request.user, photo))


@staff_required
def photo_preview(request: StaffRequest, photo_id: int) -> HttpResponse:
    """The original, downscaled and without blur, for the staff who may see it; never cached."""
    photo = selectors.get_photo(request.user, photo_id)
    side = THUMBNAIL_SIDE if request.GET.get("size") == "small" else PREVIEW_SIDE
    image = images.open_downscaled(storage.read(photo.original), side)
    response = HttpResponse(
        rendition.render(image, blur=[], max_side=side), content_type="image/jpeg"
    )
    response["Cache-Control"] = "no-store, private"
    return response


@staff_required
@require_POST
def face_tag_view(request: StaffRequest, photo_id: int, face_id: int) -> HttpResponse:
    photo = selectors.get_photo(request.user, photo_id)
    faces = list(selectors.faces_of(photo))
    number, face = next(((n, f) for n, f in enumerate(faces, 1) if f.pk == face_id), (0, None))
    if face is None:
        raise Http404
    pupils = list(selectors.taggable_pupils(request.user, photo))
    form = forms.FaceTagForm(request.POST, face=face, number=number, pupils=pupils)
    target = reverse("photos:photo", args=[photo.pk]) + f"#face-{number}"
    if not form.is_valid():
        messages.error(request, _("Choose who this is from the list."))
        return redirect(target)
    if form.unchanged():
        return redirect(target)
    pupil, not_a_pupil = form.answer()
    try:
        services.face_tag(actor=request.user, face=face, pupil=pupil, not_a_pupil=not_a_pupil)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Face %(number)s is saved.") % {"number": number})
    return redirect(target)


@staff_required
@require_POST
def publish_view(request: StaffRequest, photo_id: int) -> HttpResponse:
    photo = selectors.get_photo(request.user, photo_id)
    form = forms.PublishForm(request.POST, channels=selectors.channels_for(photo.board_id))
    if not form.is_valid():
        context = photo_page_context(request.user, photo, publish_form=form)
        return render(request, "photos/photo.html", context, status=400)
    channel = form.cleaned_data["channel"]
    try:
        outcome = services.photo_publish(
            actor=request.user,
            photo=photo,
            channel=channel,
            external_reference=form.cleaned_data["external_reference"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("photos:photo", photo_id=photo.pk)
    except PermissionDenied:
        raise Http404 from None
    if outcome.status == "blocked":
        context = photo_page_context(request.user, photo, publish_form=form, outcome=outcome)
        return render(request, "photos/photo.html", context)
    name = channel_name(channel)
    if outcome.status == "published_blurred":
        count = len(outcome.gate.blurred)
        text = ngettext(
            "Published in %(channel)s with %(count)s face blurred.",
            "Published in %(channel)s with %(count)s faces blurred.",
            count,
        )
        messages.success(request, text % {"channel": name, "count": count})
    else:
        messages.success(request, _("Published in %(channel)s.") % {"channel": name})
    return redirect(reverse("photos:photo", args=[photo.pk]) + "#publications")


@staff_required
@require_POST
def publication_withdraw_view(request: StaffRequest, publication_id: int) -> HttpResponse:
    publication = selectors.publications_for(request.user).filter(pk=publication_id).first()
    if publication is None:
        raise Http404
    if publication.status == Publication.Status.LIVE:
        services.publication_withdraw(actor=request.user, publication=publication)
        messages.success(
            request,
            _("The photo is offline in %(channel)s.")
            % {"channel": channel_name(publication.channel)},
        )
    return redirect(reverse("photos:photo", args=[publication.photo_id]) + "#publications")


@dataclass(frozen=True)
class ChannelColumn:
    name: str
    purpose_id: int | None


@staff_required
def who_may_appear(request: StaffRequest) -> HttpResponse:
    schools = _photo_schools(request)
    group_ids: set[int] = set()
    for school in schools:
        group_ids |= set(selectors.upload_groups(request.user, school).values_list("pk", flat=True))
    groups = (
        Group.objects.filter(pk__in=group_ids)
        .select_related("school", "school_year")
        .order_by("school__name", "name")
    )
    chosen = request.GET.get("group") or (str(groups[0].pk) if len(groups) == 1 else "")
    form = forms.GroupChoiceForm({"group": chosen} if chosen else None, groups=groups)
    context: dict[str, object] = {"form": form, "several_schools": len(schools) > 1}
    if chosen:
        if not form.is_valid():
            raise Http404
        group = form.cleaned_data["group"]
        purposes = {p.key: p for p in purposes_for_school(group.school)}
        channels = list(selectors.channels_for(group.board_id))
        columns = [
            ChannelColumn(channel_name(c), getattr(purposes.get(c.purpose_key), "pk", None))
            for c in channels
        ]
        pupils = list(pupils_in_group(group))
        statuses = statuses_for_pupils(pupils, list(purposes.values()))
        rows = [
            (p, [statuses.get((p.pk, c.purpose_id)) if c.purpose_id else None for c in columns])
            for p in pupils
        ]
        context.update({"group": group, "columns": columns, "rows": rows})
    return render(request, "photos/who_may_appear.html", context)


def _director_takedowns(request: StaffRequest):  # type: ignore[no-untyped-def]
    if not scope_for(request.user).schools_by_role.get(Role.LOCATION_DIRECTOR):
        raise Http404
    return selectors.open_takedowns(request.user)


@staff_required
def takedowns(request: StaffRequest) -> HttpResponse:
    rows = [(t, channel_name(t.publication.channel)) for t in _director_takedowns(request)]
    context = {"takedowns": rows}
    return render(request, "photos/takedowns.html", context)


@staff_required
@require_POST
def takedown_done_view(request: StaffRequest, takedown_id: int) -> HttpResponse:
    takedown = _director_takedowns(request).filter(pk=takedown_id).first()
    if takedown is None:
        raise Http404
    services.takedown_done(actor=request.user, takedown=takedown)
    messages.success(request, _("Marked as done."))
    return redirect("photos:takedowns")
