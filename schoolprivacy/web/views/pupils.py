"""Staff pages for pupils: the list, one pupil's page, and writing a record.

Thin views: the access policy decides which pupils and categories a user sees
(`access.policy`), the dossier selectors which records, `dossier.services.record_create` writes.
Anything the user may not see is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import may_write
from schoolprivacy.access.policy import writable_categories as policy_writable_categories
from schoolprivacy.access.pupil_search import (
    PupilSearch,
    current_groups_for,
    get_pupil_for_user,
    pupil_listing,
)
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.dossier.models import RECORD_CATEGORIES
from schoolprivacy.dossier.services import record_create
from schoolprivacy.people.models import Pupil
from schoolprivacy.taxonomy import Category, category
from schoolprivacy.web.pupil_dossier import EDUCATION_NUMBER, dossier_page
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


@staff_required
def pupil_detail(request: StaffRequest, pupil_id: int) -> HttpResponse:
    pupil = get_pupil_for_user(request.user, pupil_id)
    show_number = request.GET.get(SHOW_NUMBER_PARAMETER) == SHOW_NUMBER_VALUE
    page = dossier_page(request.user, pupil, show_education_number=show_number)
    return render(
        request,
        "web/pupils/detail.html",
        {
            "pupil": pupil,
            "page": page,
            "can_write": _may_write_any(request, pupil),
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
