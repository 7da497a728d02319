"""The base for every admin page: one board's rows only, and every change audited.

Who may use the admin follows from the access roles, not from Django's per-model permissions (one
permission system, not two): a superuser (platform operator), or an active `is_staff` account
holding a role of `Duty.ADMINISTER` (access.duties: the privacy officer or the functional
administrator) of its board today. Pages of pupil and guardian data (`pupil_data = True`) need
`Duty.ADMINISTER_PUPIL_DATA`, which no board role holds: the admin keeps no read log, and board
roles have no routine access to pupil data (design.md §2, decision 0023). The functional
administrator manages accounts and structure; only a superuser (the platform operator) opens
pupil-data pages.

A privacy officer sees and changes the rows of their own board and nothing else, including in
drop-downs and filters; superusers (platform operators) see every board. Changes are written to
the audit log instead of Django's admin history, which would keep object names (personal values)
in a second, editable log.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from schoolprivacy.access.admin_reads import log_admin_reads
from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import ApiToken, User
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.schools.models import Board

# Fields only a superuser may change: with them anyone could grant themselves every right.
PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")


def may_administer_board(user: Any, *, pupil_data: bool = False) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    if not isinstance(user, User):
        return False
    duty = Duty.ADMINISTER_PUPIL_DATA if pupil_data else Duty.ADMINISTER
    return board_of_duty(user, duty) is not None


def acting_board_id(request: HttpRequest) -> int | None:
    return board_id_of(request.user)


def users_of_board(board_id: int) -> Q:
    return (
        Q(staff__board_id=board_id) | Q(guardians__board_id=board_id) | Q(pupil__board_id=board_id)
    )


def scope_to_board[M: models.Model](queryset: QuerySet[M], board_id: int | None) -> QuerySet[M]:
    """Rows of one board; none for an unknown model, so a forgotten case fails closed."""
    if board_id is None:
        return queryset.none()
    model = queryset.model
    if model is Board:
        return queryset.filter(pk=board_id)
    if model is User:
        return queryset.filter(users_of_board(board_id))
    if model is ApiToken:
        return queryset.filter(user__in=User.objects.filter(users_of_board(board_id)))
    if any(f.name == "board" for f in model._meta.get_fields()):
        return queryset.filter(board_id=board_id)
    if any(f.name == "user" for f in model._meta.get_fields()):
        return queryset.filter(user__in=User.objects.filter(users_of_board(board_id)))
    return queryset.none()


def object_board_id(obj: models.Model) -> int | None:
    if isinstance(obj, Board):
        return obj.pk
    if isinstance(obj, User):
        return board_id_of(obj)
    board_id = getattr(obj, "board_id", None)
    if board_id is not None:
        return int(board_id)
    user = getattr(obj, "user", None)
    return board_id_of(user) if isinstance(user, User) else None


class BoardScopedAdmin(admin.ModelAdmin):
    # True for pages that show pupils' or guardians' personal data.
    pupil_data = False

    def _allowed(self, request: HttpRequest) -> bool:
        return may_administer_board(request.user, pupil_data=self.pupil_data)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    # Pupil-data pages log what they showed, like every other read (access.admin_reads).
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) or {}
        if self.pupil_data and "cl" in changelist:
            log_admin_reads(request.user, changelist["cl"].result_list, page="list")
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if self.pupil_data and original is not None and response.status_code == 200:
            log_admin_reads(request.user, [original], page="change")
        return response

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return scope_to_board(queryset, acting_board_id(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            kwargs["queryset"] = scope_to_board(
                db_field.related_model._default_manager.all(), acting_board_id(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            kwargs["queryset"] = scope_to_board(
                db_field.related_model._default_manager.all(), acting_board_id(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and "board" in self._field_names():
            # Set from the signed-in user's board on save; nobody moves rows between boards.
            fields.append("board")
        return fields

    def _field_names(self) -> set[str]:
        return {f.name for f in self.model._meta.get_fields()}

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if not change and not request.user.is_superuser and "board" in self._field_names():
            obj.board_id = acting_board_id(request)
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "updated" if change else "created", form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit(request, obj, "deleted", [])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit(request, obj, "deleted", [])
        super().delete_queryset(request, queryset)

    def audit_action(self, obj: Any, verb: str) -> str:
        return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"

    def _audit(self, request: HttpRequest, obj: Any, verb: str, fields: list[str]) -> None:
        audit_record(
            action=self.audit_action(obj, verb),
            board_id=object_board_id(obj),
            actor_id=request.user.pk,
            subjects=[Subject(subject_types.for_model(obj), obj.pk)],
            fields=fields,
            context={"via": "admin"},
        )

    # The audit log records admin changes; see the module docstring.
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        return None


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for context; they are changed on their own (scoped, audited) page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SudoRequiredAdmin(admin.ModelAdmin):
    """Adding, changing and deleting (bulk actions too) need a recent re-authentication."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not has_recent_sudo(request):
            return sudo_redirect(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not has_recent_sudo(request):
            return sudo_redirect(request)
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A POST to the list runs an action such as "delete selected".
        if request.method == "POST" and not has_recent_sudo(request):
            return sudo_redirect(request)
        return super().changelist_view(request, extra_context)
