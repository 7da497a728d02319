"""One photo's staff page: the preview, tagging faces, publishing through the gate, taking a
publication offline. Same access rules as views.py: selectors first, 404 for outsiders."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.accounts.models import User
from schoolprivacy.photos import forms, images, rendition, selectors, services, storage
from schoolprivacy.photos.forms import channel_name
from schoolprivacy.photos.gate import evaluate
from schoolprivacy.photos.models import ChannelMode, Detection, Face, Photo, Publication
from schoolprivacy.photos.reading_order import in_reading_order
from schoolprivacy.photos.services import PublishOutcome
from schoolprivacy.photos.views.library import PREVIEW_SIDE, THUMBNAIL_SIDE


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
    # The face with some margin, in the photo's pixels: the viewBox of its thumbnail.
    thumb: tuple[int, int, int, int] = (0, 0, 0, 0)


def _thumb_box(photo: Photo, face: Face) -> tuple[int, int, int, int]:
    margin = round(max(face.width, face.height) * 0.3)
    x, y = max(0, face.x - margin), max(0, face.y - margin)
    right = min(photo.width, face.x + face.width + margin)
    bottom = min(photo.height, face.y + face.height + margin)
    return (x, y, max(1, right - x), max(1, bottom - y))


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
    faces = in_reading_order(selectors.faces_of(photo).select_related("tagged_by__staff"))
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
                thumb=_thumb_box(photo, face),
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
    faces = in_reading_order(selectors.faces_of(photo))
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
def faces_tag_view(request: StaffRequest, photo_id: int) -> HttpResponse:
    """Every face of the photo in one form: tag a class photo with one save, not one per face."""
    photo = selectors.get_photo(request.user, photo_id)
    pupils = list(selectors.taggable_pupils(request.user, photo))
    face_forms = [
        forms.FaceTagForm(request.POST, face=face, number=number, pupils=pupils)
        for number, face in enumerate(in_reading_order(selectors.faces_of(photo)), 1)
        if not face.erased
    ]
    target = reverse("photos:photo", args=[photo.pk]) + "#faces"
    if not all(form.is_valid() for form in face_forms):
        messages.error(request, _("Choose who this is from the list."))
        return redirect(target)
    answers = [(f.face, *f.answer()) for f in face_forms if not f.unchanged()]
    if not answers:
        messages.info(request, _("Nothing changed."))
        return redirect(target)
    try:
        services.faces_tag(actor=request.user, photo=photo, answers=answers)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request,
            ngettext("%(count)s face saved.", "%(count)s faces saved.", len(answers))
            % {"count": len(answers)},
        )
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
