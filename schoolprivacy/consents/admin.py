"""Admin pages: purposes and rounds are settings of the board; the ledger is read-only proof."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from schoolprivacy.access.admin_scoping import BoardScopedAdmin
from schoolprivacy.consents import locks, outbox
from schoolprivacy.consents.models import ConsentDecision, ConsentRound, EventKind, Purpose


def _settings_changed(purpose: Purpose) -> None:
    """A purpose switched off, renamed to another key or added for one school changes what
    the photo gate decides: everything published under the board's purposes is checked again
    (docs/decisions/0016)."""
    outbox.event_add(kind=EventKind.SETTINGS_CHANGED, board_id=purpose.board_id, purpose=purpose)


@admin.register(Purpose)
class PurposeAdmin(BoardScopedAdmin):
    list_display = ("key", "name", "school", "channel_kind", "is_active")
    list_filter = ("channel_kind", "is_active")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        # The row itself and every row it could replace for a school (same key), so that no
        # publication relying on them commits in between.
        same_key = Purpose.objects.filter(board_id=obj.board_id, key=obj.key)
        locks.purposes_lock([*same_key.values_list("pk", flat=True), *([obj.pk] if change else [])])
        super().save_model(request, obj, form, change)
        _settings_changed(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        outbox.event_add(kind=EventKind.SETTINGS_CHANGED, board_id=obj.board_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        boards = set(queryset.values_list("board_id", flat=True))
        super().delete_queryset(request, queryset)
        for board_id in boards:
            outbox.event_add(kind=EventKind.SETTINGS_CHANGED, board_id=board_id)


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
