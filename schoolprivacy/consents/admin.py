"""Admin pages: purposes and rounds are settings of the board; the ledger is read-only proof."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from schoolprivacy.access.admin_scoping import BoardScopedAdmin
from schoolprivacy.consents.models import ConsentDecision, ConsentRound, Purpose


@admin.register(Purpose)
class PurposeAdmin(BoardScopedAdmin):
    list_display = ("key", "name", "school", "channel_kind", "is_active")
    list_filter = ("channel_kind", "is_active")


@admin.register(ConsentRound)
class ConsentRoundAdmin(BoardScopedAdmin):
    list_display = ("name", "school", "opens_on", "deadline", "closes_collection")


@admin.register(ConsentDecision)
class ConsentDecisionAdmin(BoardScopedAdmin):
    """Append-only: nobody adds, changes or deletes rows here (`consent_decide` records them)."""

    pupil_data = True
    list_display = ("pupil_id", "purpose", "decision", "method", "decided_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
