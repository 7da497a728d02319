"""Admin pages for the tenant root: boards, schools, locations, school years and groups."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from schoolprivacy.access.admin_scoping import BoardScopedAdmin, ReadOnlyInline
from schoolprivacy.schools.models import Board, Group, Location, School, SchoolYear

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.register(Board)
class BoardAdmin(BoardScopedAdmin):
    list_display = ("name", "board_number", "privacy_contact_email")
    search_fields = ("name", "board_number")

    # Boards are created and removed by the platform operator, not by a board's own staff.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


class LocationInline(ReadOnlyInline):
    model = Location
    fields = ("name", "location_code", "director")


@admin.register(School)
class SchoolAdmin(BoardScopedAdmin):
    list_display = ("name", "brin", "kind", "board")
    list_filter = ("kind", ("board", RelatedOnly))
    search_fields = ("name", "brin")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [LocationInline]


@admin.register(Location)
class LocationAdmin(BoardScopedAdmin):
    list_display = ("name", "location_code", "school", "director")
    list_filter = (("school", RelatedOnly),)
    search_fields = ("name", "location_code", "address")


@admin.register(SchoolYear)
class SchoolYearAdmin(BoardScopedAdmin):
    list_display = ("name", "starts_on", "ends_on", "board")
    list_filter = (("board", RelatedOnly),)
    search_fields = ("name",)
    date_hierarchy = "starts_on"


@admin.register(Group)
class GroupAdmin(BoardScopedAdmin):
    list_display = ("name", "school", "school_year", "year_level")
    list_filter = (("school", RelatedOnly), ("school_year", RelatedOnly), "year_level")
    search_fields = ("name", "external_id")
