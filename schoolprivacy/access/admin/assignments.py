"""Admin page for role assignments. A role change needs a recent re-authentication (sudo), and
nobody gives themselves a role the policy forbids for oneself (`duties.may_assign_role`)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from schoolprivacy.access.admin_scoping import BoardScopedAdmin, SudoRequiredAdmin
from schoolprivacy.access.duties import may_assign_role
from schoolprivacy.access.models import Assignment
from schoolprivacy.accounts.models import User

RelatedOnly = admin.RelatedOnlyFieldListFilter


def _checked_form(base: type[forms.ModelForm], actor: User) -> type[forms.ModelForm]:
    class AssignmentForm(base):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            data: dict[str, Any] = super().clean()
            staff = data.get("staff") or getattr(self.instance, "staff", None)
            role = data.get("role") or self.instance.role
            if staff is not None and not may_assign_role(
                actor, staff_user_id=staff.user_id, role=role
            ):
                # Issue 11 §2: the privacy officer must not give themselves special-data access.
                raise ValidationError(
                    _("You cannot change your own roles. Ask another administrator."),
                    code="self_assignment",
                )
            return data

    return AssignmentForm


@admin.register(Assignment)
class AssignmentAdmin(SudoRequiredAdmin, BoardScopedAdmin):
    list_display = ("staff", "role", "school", "group", "starts_on", "ends_on")
    list_filter = ("role", ("school", RelatedOnly), "ends_on")
    search_fields = ("staff__surname", "staff__first_name", "staff__user__username")
    date_hierarchy = "starts_on"

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        assert isinstance(request.user, User)
        return _checked_form(form, request.user)
