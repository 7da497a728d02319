"""Admin: the board's publication channels (which consent purpose, block or blur). Channels are
deactivated rather than deleted: publications keep pointing at them as proof.

A changed channel (another purpose, block instead of blur, switched off) changes what the gate
decides, so every live publication of the board is checked again through the consent outbox
(docs/decisions/0016).
"""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from schoolprivacy.access.admin_scoping import BoardScopedAdmin
from schoolprivacy.consents import outbox
from schoolprivacy.consents.models import EventKind
from schoolprivacy.photos.models import Channel


@admin.register(Channel)
class ChannelAdmin(BoardScopedAdmin):
    list_display = ("name", "key", "purpose_key", "mode", "manual_copies", "is_active")
    list_filter = ("mode", "manual_copies", "is_active")
    list_editable = ("mode", "manual_copies", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        outbox.event_add(kind=EventKind.SETTINGS_CHANGED, board_id=obj.board_id, channel_id=obj.pk)
