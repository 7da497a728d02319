"""The pupils an incident concerns, computed now from the data map (impact.py): a paged list on
the incident's page and a CSV for the letters. The privacy officer's only; 404 for anyone else.
The CSV download is audited (a count, no names)."""

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.breaches.impact import affected_pupils
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.selectors import get_breach_for
from schoolprivacy.people.models import Pupil

PAGE_SIZE = 50
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _pupils(breach: Breach) -> QuerySet[Pupil]:
    return affected_pupils(breach.board_id, breach.systems, timezone.localdate())


@staff_required
def affected_list(request: StaffRequest, breach_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    page = Paginator(_pupils(breach), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "breaches/affected.html", {"breach": breach, "page": page})


def _rows(pupils: QuerySet[Pupil], language: str) -> Iterator[list[str]]:
    with translation.override(language):
        yield [_("First name"), _("Surname prefix"), _("Surname"), _("School"), _("Group")]
    for pupil in pupils.iterator(chunk_size=500):
        group = getattr(pupil, "group_name", None)
        yield [
            _cell(v)
            for v in (
                pupil.first_name,
                pupil.surname_prefix,
                pupil.surname,
                pupil.school.name,
                group,
            )
        ]


@staff_required
def affected_csv(request: StaffRequest, breach_id: int) -> HttpResponse:
    breach = get_breach_for(request.user, breach_id)
    pupils = _pupils(breach)
    audit_record(
        action="breaches.affected_pupils.exported",
        board_id=breach.board_id,
        actor_id=request.user.pk,
        subjects=[Subject(subject_types.BREACH, breach.pk)],
        context={"count": pupils.count()},
        channel="web",
    )
    # One board's pupils at most: written at once, in the officer's language.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    csv.writer(response).writerows(_rows(pupils, translation.get_language()))
    response["Content-Disposition"] = f'attachment; filename="datalek-{breach.pk}-leerlingen.csv"'
    return response
