"""Admin pages for accounts, API tokens and authenticator apps, scoped to the user's board."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.access.admin_scoping import (
    PRIVILEGE_FIELDS,
    BoardScopedAdmin,
    SudoRequiredAdmin,
    object_board_id,
)
from schoolprivacy.accounts.models import ApiToken, AuthenticatorApp, User
from schoolprivacy.accounts.sudo import has_recent_sudo, sudo_redirect
from schoolprivacy.accounts.tokens import api_token_revoke
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

# django-otp's own pages list every board's devices and show secrets (backup codes in clear).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(SudoRequiredAdmin, BoardScopedAdmin, auth_admin.UserAdmin):
    list_display = ("username", "kind", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *auth_admin.UserAdmin.fieldsets,  # type: ignore[misc]
        (_("Kind of account"), {"fields": ("kind",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.extend(PRIVILEGE_FIELDS)
        return fields

    # Accounts come with a staff or guardian record; a bare account would belong to no board.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if not has_recent_sudo(request):
            return sudo_redirect(request)
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit_record(
                action="accounts.user.password_set",
                board_id=object_board_id(user),
                actor_id=request.user.pk,
                subjects=[Subject(subject_types.USER, user.pk)],
                fields=["password"],
                context={"via": "admin"},
            )
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(BoardScopedAdmin):
    list_display = (
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("prefix", "name", "user__username")
    fields = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    # A token is shown once, on the command line (create-token), and is revoked, never deleted,
    # so the audit trail keeps pointing at a row.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = sum(
            api_token_revoke(api_token=token, actor_id=request.user.pk, channel="web")
            for token in queryset.select_related("user")
        )
        self.message_user(
            request,
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class _ConfirmedFilter(admin.BooleanFieldListFilter):
    """django-otp's field has no translatable label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("confirmed")


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(SudoRequiredAdmin, BoardScopedAdmin):
    """Removing an app makes its owner link a new one at the next sign-in (lost phone)."""

    list_display = ("owner", "app_name", "is_confirmed", "added_at", "used_at")
    list_filter = (("confirmed", _ConfirmedFilter),)
    search_fields = ("user__username",)
    # Never the key: whoever sees it can generate the codes.
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    # django-otp's fields have English labels only: the columns carry our own.
    @admin.display(description=_("user account"), ordering="user__username")
    def owner(self, device: AuthenticatorApp) -> str:
        return str(device.user)

    @admin.display(description=_("name"), ordering="name")
    def app_name(self, device: AuthenticatorApp) -> str:
        return device.name

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device: AuthenticatorApp) -> bool:
        return device.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def added_at(self, device: AuthenticatorApp) -> Any:
        return device.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def used_at(self, device: AuthenticatorApp) -> Any:
        return device.last_used_at

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def audit_action(self, obj: Any, verb: str) -> str:
        return "accounts.totp.removed" if verb == "deleted" else f"accounts.totp.{verb}"
