"""Admin pages for pupils, guardians and staff. Changes are audited by BoardScopedAdmin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.admin_scoping import BoardScopedAdmin, ReadOnlyInline
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil, Staff

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.display(description=_("name"), ordering="surname")
def full_name(person: Pupil | Guardian | Staff) -> str:
    """The models' `name` is a property without a label of its own."""
    return person.name


class MembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ("group", "starts_on", "ends_on")


class RelationOfPupilInline(ReadOnlyInline):
    model = GuardianRelation
    fk_name = "pupil"
    fields = ("guardian", "kind", "has_parental_authority", "information_restriction")


class RelationOfGuardianInline(ReadOnlyInline):
    model = GuardianRelation
    fk_name = "guardian"
    fields = ("pupil", "kind", "has_parental_authority", "information_restriction")


@admin.register(Pupil)
class PupilAdmin(BoardScopedAdmin):
    pupil_data = True
    list_display = (full_name, "school", "date_of_birth", "enrolled_on", "left_on")
    list_filter = (("school", RelatedOnly), "left_on")
    search_fields = ("surname", "first_name", "given_names", "external_id")
    date_hierarchy = "enrolled_on"
    inlines = [MembershipInline, RelationOfPupilInline]


@admin.register(GroupMembership)
class GroupMembershipAdmin(BoardScopedAdmin):
    pupil_data = True
    list_display = ("pupil", "group", "starts_on", "ends_on")
    list_filter = (("group", RelatedOnly),)
    search_fields = ("pupil__surname", "pupil__first_name", "group__name")


@admin.register(Guardian)
class GuardianAdmin(BoardScopedAdmin):
    pupil_data = True
    list_display = (full_name, "email", "phone")
    search_fields = ("surname", "first_name", "email", "external_id")
    inlines = [RelationOfGuardianInline]


@admin.register(GuardianRelation)
class GuardianRelationAdmin(BoardScopedAdmin):
    pupil_data = True
    list_display = ("guardian", "pupil", "kind", "has_parental_authority", "recognised")
    list_filter = ("kind", "has_parental_authority", "information_restriction")
    search_fields = ("guardian__surname", "pupil__surname")


@admin.register(Staff)
class StaffAdmin(BoardScopedAdmin):
    list_display = (full_name, "email", "user", "left_on")
    list_filter = ("left_on",)
    search_fields = ("surname", "first_name", "email", "user__username")
