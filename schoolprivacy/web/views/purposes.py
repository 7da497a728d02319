"""The board's consent purposes on a product page (issue 19): each purpose with its channel kind,
school and the text parents see; the privacy officer publishes a new text version here, which
asks every holder again (consents.services.purpose_text_publish: audited, fresh consent).
Duty.OVERSEE only; 404 for everyone else."""

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.selectors import current_text
from schoolprivacy.consents.services import purpose_text_publish


class TextForm(forms.Form):
    # Each text is in its own language whatever the page's (screen readers, the Dutch check).
    text_nl = forms.CharField(
        label=gettext_lazy("Text in Dutch"), widget=forms.Textarea(attrs={"lang": "nl"})
    )
    text_en = forms.CharField(
        label=gettext_lazy("Text in English"),
        widget=forms.Textarea(attrs={"lang": "en"}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that earlier answers no longer count and every parent is asked again"
        )
    )


def _purposes(request: StaffRequest) -> QuerySet[Purpose]:
    board_id = board_of_duty(request.user, Duty.OVERSEE)
    if board_id is None:
        raise Http404
    return Purpose.objects.filter(board_id=board_id).select_related("school").order_by("name")


@staff_required
def purpose_list(request: StaffRequest) -> HttpResponse:
    rows = [(purpose, current_text(purpose)) for purpose in _purposes(request)]
    return render(request, "web/purposes.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required
def purpose_detail(request: StaffRequest, board_purpose_id: int) -> HttpResponse:
    purpose = get_object_or_404(_purposes(request), pk=board_purpose_id)
    text = current_text(purpose)
    initial = {"text_nl": text.text_nl, "text_en": text.text_en} if text else {}
    form = TextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new = purpose_text_publish(
            actor=request.user,
            purpose=purpose,
            text_nl=form.cleaned_data["text_nl"],
            text_en=form.cleaned_data["text_en"],
        )
        messages.success(
            request,
            _("Version %(version)s is published; the parents are asked again.")
            % {"version": new.version},
        )
        return redirect("web:purpose", board_purpose_id=purpose.pk)
    return render(request, "web/purpose.html", {"purpose": purpose, "text": text, "form": form})
