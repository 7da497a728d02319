"""Forms of the pupil pages: the search on the pupil list and the record entry form."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schoolprivacy.dossier.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from schoolprivacy.schools.models import Group
from schoolprivacy.taxonomy import Category


class _LoadedChoices(forms.models.ModelChoiceIterator):
    """The groups in one plain query. Django's iterator() would open a server-side cursor on
    PostgreSQL (DECLARE ... WITH HOLD, two extra round trips) for the handful of groups a user
    has; the queryset keeps its rows, so rendering, counting and validation share them."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.queryset) + (self.field.empty_label is not None)


class GroupChoiceField(forms.ModelChoiceField):
    iterator = _LoadedChoices

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Group)
        return f"{obj.name} · {obj.school.name}"


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    group = GroupChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("All your groups"),
    )

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupChoiceField)
        group_field.queryset = groups


class RecordForm(forms.Form):
    """A new record; the category choice holds only what the policy lets this user write."""

    category = forms.ChoiceField(label=_("Kind of information"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Note"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, categories: Iterable[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer(categories)

    def offer(self, categories: Iterable[Category]) -> None:
        """Set the kinds to choose from (validation and display)."""
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.key, _choice_label(c)) for c in categories]


def _choice_label(category: Category) -> str:
    if category.is_special:
        # Said in the choice itself, so nobody files a diagnosis without knowing what it means.
        return str(
            _("%(label)s — special data: stored encrypted, every read is logged")
            % {"label": category.label}
        )
    if category.needs_protection:
        return str(
            _("%(label)s — stored encrypted, every read is logged") % {"label": category.label}
        )
    return str(category.label)
