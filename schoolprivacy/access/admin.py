"""Admin page for role assignments. A role change needs a recent re-authentication (sudo)."""

from django.contrib import admin

from schoolprivacy.access.admin_scoping import BoardScopedAdmin, SudoRequiredAdmin
from schoolprivacy.access.models import Assignment

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.register(Assignment)
class AssignmentAdmin(SudoRequiredAdmin, BoardScopedAdmin):
    list_display = ("staff", "role", "school", "group", "starts_on", "ends_on")
    list_filter = ("role", ("school", RelatedOnly), "ends_on")
    search_fields = ("staff__surname", "staff__first_name", "staff__user__username")
    date_hierarchy = "starts_on"
