"""The board's publication channels (photos/channel_settings.py): where photos go and what
happens there without consent. The staff managers only; 404 for everyone else."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.photos import channel_settings
from schoolprivacy.photos.models import ChannelMode


class ChannelForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("When a pupil on the photo has no consent"),
        choices=ChannelMode.choices,
        widget=forms.RadioSelect,
    )
    manual_copies = forms.BooleanField(
        label=gettext_lazy("Copies are placed by hand elsewhere (a person removes them)"),
        required=False,
    )
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False)


@staff_required
def channel_list(request: StaffRequest) -> HttpResponse:
    channels = list(channel_settings.channels_for(request.user))
    rows = [
        (
            channel,
            ChannelForm(
                initial={
                    "mode": channel.mode,
                    "manual_copies": channel.manual_copies,
                    "is_active": channel.is_active,
                },
                prefix=f"channel-{channel.pk}",
            ),
        )
        for channel in channels
    ]
    return render(request, "web/channels.html", {"rows": rows})


@require_POST
@staff_required
def channel_change(request: StaffRequest, channel_id: int) -> HttpResponse:
    channel = channel_settings.get_channel_for(request.user, channel_id)
    form = ChannelForm(request.POST, prefix=f"channel-{channel.pk}")
    if form.is_valid():
        changed = channel_settings.channel_update(
            actor=request.user, channel=channel, **form.cleaned_data
        )
        if changed:
            messages.success(
                request,
                _("%(name)s has been changed; published photos are checked again.")
                % {"name": channel.name},
            )
        else:
            messages.info(request, _("Nothing changed."))
    else:
        messages.error(request, _("The change could not be saved."))
    return redirect("web:channels")
