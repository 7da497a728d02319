"""Admin: the board's publication channels (which consent purpose, block or blur). Channels are
deactivated rather than deleted: publications keep pointing at them as proof."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from schoolprivacy.access.admin_scoping import BoardScopedAdmin
from schoolprivacy.photos.models import Channel


@admin.register(Channel)
class ChannelAdmin(BoardScopedAdmin):
    list_display = ("name", "key", "purpose_key", "mode", "manual_copies", "is_active")
    list_filter = ("mode", "manual_copies", "is_active")
    list_editable = ("mode", "manual_copies", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
