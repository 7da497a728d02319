"""The privacy officer's audit viewer: one board's events, filterable, exportable."""

import csv
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.sudo import sudo_required
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.selectors import EventFilter, events_for_board
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.web.audit_forms import EventFilterForm

PAGE_SIZE = 50


def _board_id_for_privacy_officer(request: HttpRequest) -> int:
    """The officer's board, or 404: the log of a board is not even confirmed to others."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return board_id


def _filtered_events(
    request: HttpRequest, board_id: int
) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    form = EventFilterForm(request.GET or None)
    filters = EventFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        actor_id = None
        if data["actor"]:
            actor = User.objects.filter(username=data["actor"]).values_list("id", flat=True).first()
            # An unknown name must match nothing, not everything.
            actor_id = actor if actor is not None else -1
        filters = EventFilter(
            action=data["action"],
            actor_id=actor_id,
            subject_type=data["subject_type"],
            subject_id=data["subject_id"],
            since=data["since"],
            until=data["until"],
        )
    elif form.is_bound:
        return form, AuditEvent.objects.none()
    return form, events_for_board(board_id, filters)


def _actor_names(events: Iterable[AuditEvent]) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id is not None}
    return dict(User.objects.filter(id__in=ids).values_list("id", "username"))


def audit_events(request: HttpRequest) -> HttpResponse:
    board_id = _board_id_for_privacy_officer(request)
    form, events = _filtered_events(request, board_id)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    names = _actor_names(page.object_list)
    rows = [(event, names.get(event.actor_id or 0, "")) for event in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@sudo_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the filtered events. An export is a bulk read, so it needs recent sign-in."""
    board_id = _board_id_for_privacy_officer(request)
    assert isinstance(request.user, User)  # guaranteed by the check above
    actor_id = request.user.id
    _form, events = _filtered_events(request, board_id)
    audit_record(
        action="audit.events.exported",
        board_id=board_id,
        actor_id=actor_id,
        subjects=[Subject(subject_types.USER, actor_id)],
        context={"count": events.count()},
    )
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield writer.writerow(
            ["seq", "occurred_at", "action", "actor_id", "channel", "subjects", "fields", "hash"]
        )
        for event in events.iterator(chunk_size=2000):
            subjects = " ".join(f"{s['type']}:{s['id']}" for s in event.subject_list)
            yield writer.writerow(
                [
                    event.seq,
                    event.occurred_at.isoformat(),
                    event.action,
                    event.actor_id or "",
                    event.channel,
                    subjects,
                    " ".join(event.fields),
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
