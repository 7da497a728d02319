from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel
from schoolprivacy.schools.models import School


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Video"),
        help_text=_("MP4 (H.264), MOV or WebM. Location, device and recording time are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"}),
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    event_name = forms.CharField(label=_("Activity"), max_length=200)
    event_date = forms.DateField(
        label=_("Date"), initial=date.today, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, schools: QuerySet[School], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = schools
        if schools.count() == 1:
            field.initial = schools.first()


class PupilsForm(forms.Form):
    pupils = forms.ModelMultipleChoiceField(
        label=_("Pupils who appear"),
        queryset=Pupil.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who can be seen. Nobody ticked means: no pupils appear."),
    )

    def __init__(self, *args: object, pupils: QuerySet[Pupil], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["pupils"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = pupils
        field.label_from_instance = lambda p: f"{p.first_name} {p.surname}"  # type: ignore[assignment,method-assign]


class PublishForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    mute = forms.BooleanField(
        label=_("Publish without sound"),
        required=False,
        help_text=_("Names are often spoken in videos."),
    )

    def __init__(self, *args: object, channels: QuerySet[Channel], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["channel"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = channels


class FaceMarkForm(forms.Form):
    """Where a listed pupil's face is, from when to when (videos/face_marks.py): the part of the
    frame in percent, as the still and the player show it."""

    start = forms.FloatField(label=_("From second"), min_value=0)
    end = forms.FloatField(label=_("To second"), min_value=0)
    left = forms.FloatField(label=_("Left edge (percent of the width)"), min_value=0, max_value=100)
    top = forms.FloatField(label=_("Top edge (percent of the height)"), min_value=0, max_value=100)
    width = forms.FloatField(label=_("Width (percent)"), min_value=1, max_value=100)
    height = forms.FloatField(label=_("Height (percent)"), min_value=1, max_value=100)

    def mark(self) -> dict[str, object]:
        data = self.cleaned_data
        box = [data["left"], data["top"], data["width"], data["height"]]
        return {"from": data["start"], "to": data["end"], "box": [v / 100 for v in box]}
