"""Forms of the staff onboarding pages. The services in staffing.py validate again."""

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.forms import DateInput
from schoolprivacy.access.models import Role
from schoolprivacy.schools.models import Group, School


class StaffCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("For signing in, for example j.devries. Letters, digits and . @ + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    surname_prefix = forms.CharField(label=_("Surname prefix"), max_length=20, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200)
    email = forms.EmailField(
        label=_("Work email address"),
        required=False,
        help_text=_("The activation link goes here. Leave empty only for single sign-on."),
    )


class StaffChangeForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    surname_prefix = forms.CharField(label=_("Surname prefix"), max_length=20, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200)
    email = forms.EmailField(label=_("Work email address"), required=False)
    left_on = forms.DateField(
        label=_("Employment ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("The last working day. After it, every role and all access end."),
    )


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("Not for the privacy officer and the functional administrator."),
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_("Only for teachers: the group they teach."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, board_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        school_field: Any = self.fields["school"]
        group_field: Any = self.fields["group"]
        school_field.queryset = School.objects.filter(board_id=board_id).order_by("name")
        group_field.queryset = (
            Group.objects.filter(school__board_id=board_id)
            .select_related("school")
            .order_by("school__name", "name")
        )
        group_field.label_from_instance = lambda g: f"{g.name} ({g.school.name})"


class AssignmentEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day"), widget=DateInput(), help_text=_("The role ends after this day.")
    )
