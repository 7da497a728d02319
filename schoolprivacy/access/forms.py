"""Forms for exception grants and emergency access. The services validate again; these guide."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.models import Grant, ReviewOutcome, Role
from schoolprivacy.access.policy import PUPIL_KEYS, visible_pupils
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.access.services import BREAK_GLASS_REASON_MIN_LENGTH
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.schools.models import Group, School
from schoolprivacy.taxonomy import BY_KEY


class DateInput(forms.DateInput):
    """A browser date picker; it only understands ISO dates, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def approvable_schools(user: User) -> QuerySet[School]:
    """Schools whose exceptions the user approves: the director's own, the officer's board."""
    scope = scope_for(user)
    if scope.board_id is None:
        return School.objects.none()
    schools = School.objects.filter(board_id=scope.board_id)
    if scope.has_role(Role.PRIVACY_OFFICER):
        return schools
    return schools.filter(id__in=scope.schools_by_role.get(Role.LOCATION_DIRECTOR, frozenset()))


def _category_choices() -> list[tuple[str, str]]:
    def label(key: str) -> str:
        category = BY_KEY[key]
        if category.needs_protection:
            return f"{category.label} ({_('special or national identifier')})"
        return str(category.label)

    return [(key, label(key)) for key in PUPIL_KEYS]


class GrantForm(forms.Form):
    # No colleague is chosen for the approver: an explicit empty choice, and a search box on
    # long lists (app.js, data-search).
    grantee = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=Staff.objects.none(),
        empty_label=_("Choose a colleague"),
        widget=forms.Select(attrs={"data-search": _("Search colleagues")}),
    )
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None
    )
    category_key = forms.ChoiceField(label=_("Kind of data"), choices=())
    scope = forms.ChoiceField(
        label=_("Which pupils"), choices=Grant.Scope.choices, widget=forms.RadioSelect
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_("Only when the grant covers a group."),
    )
    pupils = forms.ModelMultipleChoiceField(
        label=_("Pupils"),
        queryset=Pupil.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-search": _("Search pupils"), "size": 10}),
        help_text=_("Only when the grant covers specific pupils. Lists the pupils you can see."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput,
        help_text=_("Every exception ends; at most one year after it starts."),
    )
    reason = forms.CharField(
        label=_("Why is this needed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The staff member, you and the privacy officer see this reason."),
    )

    def __init__(self, *args: Any, approver: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        schools = approvable_schools(approver)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["category_key"].choices = _category_choices()  # type: ignore[attr-defined]
        working_there = Q(assignments__school__in=schools, assignments__starts_on__lte=today) & (
            Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=today)
        )
        staff = Staff.objects.filter(working_there).exclude(user=approver).distinct()
        self.fields["grantee"].queryset = staff.order_by("surname", "first_name")  # type: ignore[attr-defined]
        groups = Group.objects.filter(
            school__in=schools, school_year__starts_on__lte=today, school_year__ends_on__gte=today
        ).select_related("school")
        self.fields["group"].queryset = groups.order_by("school__name", "year_level", "name")  # type: ignore[attr-defined]
        pupils = visible_pupils(approver).filter(school__in=schools)
        self.fields["pupils"].queryset = pupils  # type: ignore[attr-defined]


class GrantRevokeForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, end this exception now"))


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the emergency?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=BREAK_GLASS_REASON_MIN_LENGTH,
        help_text=_("Required. The privacy officer reads this when reviewing the access."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this is logged and reported to the privacy officer")
    )


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of your review"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the access was not justified: what you did about it. Stays out of "
            "the audit log."
        ),
    )
