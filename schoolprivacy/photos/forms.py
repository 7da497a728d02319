"""Forms of the photo pages. Choices come from the selectors, so a form never offers (or accepts)
an event, group, pupil or channel the user may not use; the services check again."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel, ChannelMode, Face, PhotoEvent
from schoolprivacy.schools.models import Group

ACCEPT = "image/jpeg,image/png,image/webp"
NEW_EVENT = "new"
UNKNOWN = "unknown"
NOT_A_PUPIL = "not_a_pupil"


def limits_help() -> str:
    return str(
        _(
            "JPEG, PNG or WebP, at most %(mb)s MB and %(mp)s million pixels per photo. You can "
            "choose several photos at once. Location and camera details are removed when the "
            "photo is stored."
        )
        % {
            "mb": f"{settings.PHOTO_MAX_BYTES / 2**20:.4g}",
            "mp": f"{settings.PHOTO_MAX_PIXELS / 1e6:.4g}",
        }
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern from Django's documentation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class EventForm(forms.Form):
    """A new event, inline on the upload page (prefix "new") or on its own (with JavaScript)."""

    name = forms.CharField(label=_("Name of the new event"), max_length=200, required=False)
    held_on = forms.DateField(
        label=_("Date of the new event"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_required = required

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_required:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Give the event a name."))
            if data.get("held_on") is None and "held_on" not in self.errors:
                self.add_error("held_on", _("Give the date of the event."))
        return data


def event_label(event: PhotoEvent) -> str:
    return f"{event.name} ({date.isoformat(event.held_on)})"


class UploadForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"))
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("No group"),
        help_text=_("The group the photo is of. Teachers of that group can then find it too."),
    )
    photos = MultipleFileField(label=_("Photos"))

    def __init__(
        self,
        *args: Any,
        events: Sequence[PhotoEvent],
        groups: QuerySet[Group],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.events = {str(e.pk): e for e in events}
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ChoiceField)
        event_field.choices = [(NEW_EVENT, _("A new event (fill in below)"))] + [
            (key, event_label(e)) for key, e in self.events.items()
        ]
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ModelChoiceField)
        group_field.queryset = groups
        self.fields["photos"].help_text = limits_help()

    def chosen_event(self) -> PhotoEvent | None:
        """The existing event chosen, or None for a new one."""
        return self.events.get(self.cleaned_data["event"])


class FaceTagForm(forms.Form):
    tag = forms.ChoiceField()

    def __init__(
        self, data: Any = None, *, face: Face, number: int, pupils: Sequence[Pupil]
    ) -> None:
        super().__init__(data, prefix=f"face-{face.pk}")
        self.pupils = {str(p.pk): p for p in pupils}
        choices: list[tuple[str, Any]] = [
            (UNKNOWN, _("Unknown: not tagged")),
            (NOT_A_PUPIL, _("Not a pupil (a parent, a guest)")),
        ]
        choices += [(key, p.name) for key, p in self.pupils.items()]
        if face.pupil_id is not None and str(face.pupil_id) not in self.pupils:
            # Tagged by someone who sees more pupils; keep the tag without naming the child.
            choices.append((str(face.pupil_id), _("A pupil outside your groups")))
        field = self.fields["tag"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.label = _("Face %(number)s") % {"number": number}
        field.initial = (
            str(face.pupil_id) if face.pupil_id else NOT_A_PUPIL if face.not_a_pupil else UNKNOWN
        )
        self.face = face

    def answer(self) -> tuple[Pupil | None, bool]:
        """(pupil, not_a_pupil) for services.face_tag."""
        value = self.cleaned_data["tag"]
        return self.pupils.get(value), value == NOT_A_PUPIL

    def unchanged(self) -> bool:
        return bool(self.cleaned_data["tag"] == self.fields["tag"].initial)


def channel_name(channel: Channel) -> str:
    english = (get_language() or "nl").startswith("en")
    return channel.name_en if english and channel.name_en else channel.name


class ChannelField(forms.ModelChoiceField[Channel]):
    def label_from_instance(self, obj: Channel) -> str:
        return f"{channel_name(obj)}: {mode_text(obj)}"


class PublishForm(forms.Form):
    channel = ChannelField(
        label=_("Channel"), queryset=Channel.objects.none(), widget=forms.RadioSelect
    )
    external_reference = forms.CharField(
        label=_("Where it was placed (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "For channels where a person places the copy (social media, the school guide): the "
            "address of the post or the page, so it can be found again if consent is withdrawn."
        ),
    )

    def __init__(self, *args: Any, channels: QuerySet[Channel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = channels


def mode_text(channel: Channel) -> str:
    if channel.mode == ChannelMode.BLOCK:
        return str(_("blocks the photo when consent is missing"))
    return str(_("blurs faces without consent"))


class GroupField(forms.ModelChoiceField[Group]):
    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.school.name} · {obj.name}"


class GroupChoiceForm(forms.Form):
    group = GroupField(label=_("Group"), queryset=Group.objects.none(), empty_label=None)

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = groups
