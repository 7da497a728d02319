"""The privacy officer's audit viewer: one board's events in sentences, filterable by person,
pupil, period and kind, exportable; and the pupil lookup that leads to "who read or changed this
pupil" (issue 17). 404 for everyone else: the log of a board is not even confirmed to others."""

import csv
from collections.abc import Iterable, Iterator

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.access.oversight import get_pupil_for_oversight, pupils_for_oversight
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.sudo import sudo_required
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent, AuditSubject
from schoolprivacy.audit.selectors import EventFilter, events_for_board
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.web.audit_forms import EventFilterForm, PupilLookupForm
from schoolprivacy.web.audit_text import describe, kind_filter

PAGE_SIZE = 50
EXPORT_CHUNK = 500


def _board_id_for_privacy_officer(request: HttpRequest) -> int:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return board_id


def _words_match(fields: tuple[str, ...], text: str) -> Q:
    query = Q()
    for word in text.split()[:5]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        query &= any_field
    return query


def _user_ids_named(board_id: int, text: str) -> set[int]:
    """Accounts of the board's staff, parents and pupils whose name matches, or the user name."""
    names = ("first_name", "surname_prefix", "surname")
    found = set(
        Staff.objects.filter(board_id=board_id)
        .filter(_words_match(names, text))
        .values_list("user_id", flat=True)
    )
    found |= {
        i
        for i in Guardian.objects.filter(board_id=board_id, user__isnull=False)
        .filter(_words_match(names, text))
        .values_list("user_id", flat=True)
        if i is not None
    }
    found |= {
        i
        for i in Pupil.objects.filter(board_id=board_id, user__isnull=False)
        .filter(_words_match(names, text))
        .values_list("user_id", flat=True)
        if i is not None
    }
    found |= set(User.objects.filter(username=text.strip()).values_list("id", flat=True))
    return found


def events_about_pupil(board_id: int, pupil_id: int) -> Q:
    """Every event naming the pupil, and those naming one of the pupil's parent relations (the
    imports record a relation by its own ID)."""
    relations = GuardianRelation.objects.filter(pupil_id=pupil_id).values("id")
    about = AuditSubject.objects.filter(
        Q(subject_type=subject_types.PUPIL, subject_id=pupil_id)
        | Q(subject_type=subject_types.GUARDIAN_RELATION, subject_id__in=relations)
    )
    return Q(id__in=about.values("event_id"))


def _filtered_events(
    request: HttpRequest, board_id: int, pupil: Pupil | None = None
) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    form = EventFilterForm(request.GET or None)
    events = events_for_board(board_id, EventFilter())
    if pupil is not None:
        events = events.filter(events_about_pupil(board_id, pupil.pk))
    if not form.is_bound:
        return form, events
    if not form.is_valid():
        return form, AuditEvent.objects.none()
    data = form.cleaned_data
    events = events_for_board(board_id, EventFilter(since=data["since"], until=data["until"]))
    if pupil is not None:
        events = events.filter(events_about_pupil(board_id, pupil.pk))
    if data["person"]:
        # An unknown name matches nothing, not everything.
        events = events.filter(actor_id__in=_user_ids_named(board_id, data["person"]))
    if data["pupil"]:
        user = request.user
        assert isinstance(user, User)  # the officer, checked by the caller
        matches = pupils_for_oversight(user, data["pupil"]).values_list("id", flat=True)
        about = AuditSubject.objects.filter(
            subject_type=subject_types.PUPIL, subject_id__in=list(matches[:200])
        )
        events = events.filter(id__in=about.values("event_id"))
    if data["kind"]:
        events = events.filter(kind_filter(data["kind"]))
    return form, events


def _page_context(
    request: HttpRequest, board_id: int, events: QuerySet[AuditEvent]
) -> dict[str, object]:
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "lines": describe(board_id, page.object_list), "query": query.urlencode()}


def audit_events(request: HttpRequest) -> HttpResponse:
    board_id = _board_id_for_privacy_officer(request)
    form, events = _filtered_events(request, board_id)
    context = {"form": form, **_page_context(request, board_id, events)}
    return render(request, "audit/events.html", context)


def pupil_lookup(request: HttpRequest) -> HttpResponse:
    """Find a pupil by name, to see who read or changed their data."""
    _board_id_for_privacy_officer(request)
    user = request.user
    assert isinstance(user, User)
    form = PupilLookupForm(request.GET or None)
    pupils: list[Pupil] = []
    if form.is_bound and form.is_valid():
        pupils = list(pupils_for_oversight(user, form.cleaned_data["q"])[:50])
    return render(
        request,
        "audit/pupil_lookup.html",
        {"form": form, "pupils": pupils, "searched": form.is_bound},
    )


def pupil_events(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Every event about one pupil: reads, changes, consent and photo events, newest first."""
    board_id = _board_id_for_privacy_officer(request)
    user = request.user
    assert isinstance(user, User)
    pupil = get_pupil_for_oversight(user, pupil_id)
    form, events = _filtered_events(request, board_id, pupil)
    context = {"form": form, "pupil": pupil, **_page_context(request, board_id, events)}
    return render(request, "audit/pupil_events.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(board_id: int, events: QuerySet[AuditEvent], language: str) -> Iterator[list[str]]:
    # The response streams after the view returned: keep the language the officer asked for.
    with translation.override(language):
        yield from _csv_rows_in_language(board_id, events)


def _csv_rows_in_language(board_id: int, events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    yield [
        _("No."),
        _("Date and time (%(zone)s)") % {"zone": timezone.get_current_timezone_name()},
        _("Who"),
        _("What"),
        _("Allowed by"),
        _("Kind"),
        _("Through"),
        _("Fields"),
        _("Action code"),
        _("Hash"),
    ]

    def flush(chunk: list[AuditEvent]) -> Iterable[list[str]]:
        for line in describe(board_id, chunk):
            event = line.event
            yield [
                str(event.seq),
                timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                line.actor,
                line.sentence,
                "; ".join(line.rules),
                line.kind,
                line.channel,
                " ".join(event.fields),
                event.action,
                event.hash,
            ]

    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) >= EXPORT_CHUNK:
            yield from flush(chunk)
            chunk = []
    yield from flush(chunk)


@sudo_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the filtered events with local times and names. An export is a bulk read of the
    log, so it needs recent sign-in, and only the privacy officer gets it (the audit duty)."""
    board_id = _board_id_for_privacy_officer(request)
    user = request.user
    assert isinstance(user, User)  # guaranteed by the check above
    pupil = None
    if request.GET.get("pupil_id", "").isdigit():
        pupil = get_pupil_for_oversight(user, int(request.GET["pupil_id"]))
    _form, events = _filtered_events(request, board_id, pupil)
    subjects = [Subject(subject_types.USER, user.pk)]
    if pupil is not None:
        subjects.append(Subject(subject_types.PUPIL, pupil.pk))
    audit_record(
        action="audit.events.exported",
        board_id=board_id,
        actor_id=user.pk,
        subjects=subjects,
        context={"count": events.count()},
    )
    writer = csv.writer(_Echo())
    language = translation.get_language() or "nl"
    lines = (writer.writerow(row) for row in _csv_rows(board_id, events, language))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
