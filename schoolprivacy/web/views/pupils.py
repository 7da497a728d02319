"""Staff pages for pupils: the list, one pupil's page, and writing a record.

Thin views: the access policy decides which pupils and categories a user sees
(`access.policy`); the pupil page reads through `dossier.selectors.dossier_for`, the one dossier
read, which also writes the read log (once per page: ordinary categories the user may see,
protected categories only when something of them is on the page, the education number only on a
deliberate request); `dossier.services.record_create` writes. This module only shapes what the
selector returns for the template. Anything the user may not see is a 404.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from schoolprivacy.access.guardian_contacts import guardians_for
from schoolprivacy.access.policy import Decision, may_write
from schoolprivacy.access.policy import writable_categories as policy_writable_categories
from schoolprivacy.access.pupil_search import (
    PupilSearch,
    current_groups_for,
    get_pupil_for_user,
    pupil_listing,
)
from schoolprivacy.access.rights import recorder_school_ids
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.dossier.selectors import EDUCATION_NUMBER, Dossier, dossier_for
from schoolprivacy.dossier.services import record_create
from schoolprivacy.people.models import Pupil
from schoolprivacy.taxonomy import CATEGORIES, Category, category
from schoolprivacy.web.pupil_forms import PupilSearchForm, RecordForm

PAGE_SIZE = 50
# `?onderwijsnummer=tonen` shows the education number: a deliberate, logged read.
SHOW_NUMBER_PARAMETER, SHOW_NUMBER_VALUE = "onderwijsnummer", "tonen"


@staff_required
def pupil_list(request: StaffRequest) -> HttpResponse:
    form = PupilSearchForm(request.GET or None, groups=current_groups_for(request.user))
    search = PupilSearch()
    if form.is_bound and form.is_valid():
        group = form.cleaned_data["group"]
        search = PupilSearch(text=form.cleaned_data["q"], group_id=group.pk if group else None)
    page = Paginator(pupil_listing(request.user, search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/pupils/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searching": bool(search.text or search.group_id),
        },
    )


def writable_categories(request: StaffRequest, pupil: Pupil) -> list[Category]:
    """The record kinds the policy lets this user write about this pupil, in taxonomy order."""
    allowed = policy_writable_categories(request.user, pupil, keys=RECORD_CATEGORIES)
    return [category(key) for key in RECORD_CATEGORIES if key in allowed]


def _may_write_any(request: StaffRequest, pupil: Pupil) -> bool:
    return bool(writable_categories(request, pupil))


@dataclass(frozen=True)
class Entry:
    record: Record
    # The record this one follows from, when the user may read that one too.
    follows_from: Record | None = None


@dataclass(frozen=True)
class Section:
    """One category with the records of it the user may read."""

    category: Category
    decision: Decision
    entries: list[Entry]


@dataclass(frozen=True)
class Reason:
    """Why the user sees some categories: one policy rule and the categories it opens."""

    rule: str
    text: Promise
    categories: list[Category] = field(default_factory=list)


@dataclass(frozen=True)
class DossierPage:
    sections: list[Section]
    empty: list[Category]
    reasons: list[Reason]
    may_see_education_number: bool
    has_education_number: bool
    # Set only when the user asked for it and may see it; the read is logged.
    education_number: str | None

    @property
    def is_emergency(self) -> bool:
        return any(r.rule == "break_glass" for r in self.reasons)

    @property
    def main_rule(self) -> str:
        """The rule behind most of the page; sections name theirs only when it differs."""
        return max(self.reasons, key=lambda r: len(r.categories)).rule if self.reasons else ""


def _reasons(decisions: dict[str, Decision]) -> list[Reason]:
    by_rule: dict[str, Reason] = {}
    for item in CATEGORIES:
        decision = decisions.get(item.key)
        if decision is None:
            continue
        reason = by_rule.setdefault(decision.rule, Reason(decision.rule, decision.reason))
        reason.categories.append(item)
    return list(by_rule.values())


def dossier_page(dossier: Dossier) -> DossierPage:
    """The dossier as the page shows it: sections per category, in taxonomy order."""
    decisions = dossier.decisions
    by_id = {r.pk: r for r in dossier.records}
    by_category: dict[str, list[Entry]] = {}
    for record in dossier.records:
        # dossier_for has already cleared links to records the user may not read.
        linked = by_id.get(record.based_on_id) if record.based_on_id else None
        by_category.setdefault(record.category_key, []).append(Entry(record, linked))
    sections, empty = [], []
    for item in CATEGORIES:
        if item.key not in decisions or item.key not in RECORD_CATEGORIES:
            continue
        if item.key in by_category:
            sections.append(Section(item, decisions[item.key], by_category[item.key]))
        else:
            empty.append(item)
    return DossierPage(
        sections=sections,
        empty=empty,
        reasons=_reasons(decisions),
        may_see_education_number=EDUCATION_NUMBER in decisions,
        has_education_number=bool(dossier.pupil.education_number_hash),
        education_number=dossier.education_number,
    )


@staff_required
def pupil_detail(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_user(request.user, pupil_id)
    show_number = request.GET.get(SHOW_NUMBER_PARAMETER) == SHOW_NUMBER_VALUE
    # Parents and guardians, for the roles whose work needs them (None: no section); their
    # categories go into the page's one read-log entry.
    guardians = guardians_for(request.user, pupil, log=False)
    dossier = dossier_for(
        request.user,
        pupil,
        show_education_number=show_number,
        also_shown=guardians.shown if guardians else None,
    )
    page = dossier_page(dossier)
    return render(
        request,
        "web/pupils/detail.html",
        {
            "pupil": pupil,
            "page": page,
            "guardians": guardians,
            "can_write": _may_write_any(request, pupil),
            # Per record: change and delete, for the kinds this user may write (views.records).
            "writable_keys": {c.key for c in writable_categories(request, pupil)},
            # The recording page is the administration's (requests.selectors.pupil_for_recording).
            "may_record_request": pupil.school_id in recorder_school_ids(request.user),
            "education_number_label": category(EDUCATION_NUMBER).label,
            "show_number_query": f"{SHOW_NUMBER_PARAMETER}={SHOW_NUMBER_VALUE}",
        },
    )


def _save(request: StaffRequest, pupil: Pupil, form: RecordForm) -> HttpResponse | None:
    """Save a valid form; None when the service refuses it (its errors are on the form)."""
    data = form.cleaned_data
    try:
        record_create(
            actor=request.user,
            pupil=pupil,
            category_key=data["category"],
            title=data["title"],
            body=data["body"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The record has been saved."))
    return redirect("web:pupil", pupil_id=pupil.pk)


@staff_required
def record_new(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_user(request.user, pupil_id)
    if request.method == "POST":
        # The usual case first: a kind the user may write.
        chosen = request.POST.get("category", "")
        if chosen in RECORD_CATEGORIES and may_write(request.user, pupil, chosen).allowed:
            form = RecordForm(request.POST, categories=[category(chosen)])
            if form.is_valid() and (saved := _save(request, pupil, form)) is not None:
                return saved
            # Show the errors with every kind the user may choose from.
            form.offer(writable_categories(request, pupil))
            return render(request, "web/pupils/record_new.html", {"pupil": pupil, "form": form})
    categories = writable_categories(request, pupil)
    if not categories:
        # Nothing this user may write about this pupil, so there is no form to show.
        raise Http404
    form = RecordForm(request.POST or None, categories=categories)
    if form.is_bound:
        form.is_valid()  # shows the errors, with every kind the user may choose from
    return render(request, "web/pupils/record_new.html", {"pupil": pupil, "form": form})
