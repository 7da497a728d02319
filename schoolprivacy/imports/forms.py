"""The upload form: which file, whether bad rows may be skipped, whether the file is kept."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.duties import Duty, duty_school_ids
from schoolprivacy.accounts.models import User
from schoolprivacy.imports.headers import FORMATS
from schoolprivacy.schools.models import School

# A full ESIS export of a large school is a few megabytes; anything far larger is a mistake.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FORMAT_LABELS = {
    "auto": _("Recognise automatically"),
    "parnassys": "ParnasSys",
    "esis": "ESIS",
    "generic": _("Other (generic)"),
}


def importable_schools(user: User) -> QuerySet[School]:
    """The schools where `user` may import today (`Duty.IMPORT`: the administration)."""
    ids = duty_school_ids(user, Duty.IMPORT)
    return School.objects.filter(pk__in=ids).order_by("name")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("CSV (comma, semicolon or tab) or Excel .xlsx, as ESIS or ParnasSys save it."),
    )
    format_name = forms.ChoiceField(
        label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS], initial="auto"
    )
    skip_bad_rows = forms.BooleanField(
        label=_("Skip rows with problems and import the rest"), required=False
    )
    partial = forms.BooleanField(
        label=_("This is not a full export: do not mark missing pupils as left"), required=False
    )

    keep_file = forms.BooleanField(
        label=_("Keep the uploaded file after the import"),
        help_text=_(
            "Off unless you need it, for example to show later what was imported. The file is "
            "kept encrypted, on the server only."
        ),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
