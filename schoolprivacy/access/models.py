"""Roles and dated assignments of staff to a school or group.

The policy that turns these into "may see" answers lives in `access.policy` (next issue); this
module only holds the facts.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Staff
from schoolprivacy.schools.models import Board, Group, School


class Role(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    CARE_COORDINATOR = "care_coordinator", _("care coordinator")
    LOCATION_DIRECTOR = "location_director", _("location director")
    ADMINISTRATION = "administration", _("administration")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
    FUNCTIONAL_ADMIN = "functional_admin", _("functional administrator")


# Roles that act for the whole board rather than one school.
BOARD_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN})
# A fixed order, so the constraint below (and its migration) does not change between runs.
_BOARD_ROLE_VALUES = sorted(r.value for r in BOARD_ROLES)


class Assignment(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="assignment_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_ends_after_start",
            ),
            # Board roles have no school; school roles must name one.
            models.CheckConstraint(
                condition=(
                    Q(role__in=_BOARD_ROLE_VALUES, school__isnull=True)
                    | (~Q(role__in=_BOARD_ROLE_VALUES) & Q(school__isnull=False))
                ),
                name="assignment_scope_matches_role",
            ),
            # Only teachers are assigned to a group.
            models.CheckConstraint(
                condition=Q(group__isnull=True) | Q(role="teacher"),
                name="assignment_group_only_for_teachers",
            ),
        ]
        indexes = [models.Index(fields=["staff", "ends_on"], name="assignment_staff_current")]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.role}"
