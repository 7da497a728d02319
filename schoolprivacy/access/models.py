"""Roles, dated assignments, exception grants and emergency (break-glass) access.

The policy that turns these into "may see" answers lives in `access.policy`; this module only
holds the facts.
"""

from datetime import date

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
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("staff member")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("group"),
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


class Grant(models.Model):
    """A dated exception: one staff member may see one category of a set of pupils.

    Approved by the location director of the school or by the privacy officer. A grant always has
    an end date, so it expires by itself (a date comparison in the policy; no job needed).
    """

    class Scope(models.TextChoices):
        PUPILS = "pupils", _("specific pupils")
        GROUP = "group", _("a group")
        SCHOOL = "school", _("the whole school")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    # Every grant belongs to one school: its director approves it, and its pupils are covered.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    grantee = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="grants", verbose_name=_("granted to")
    )
    category_key = models.CharField(_("data category"), max_length=100)
    scope = models.CharField(_("pupils covered"), max_length=10, choices=Scope.choices)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupils = models.ManyToManyField(
        "people.Pupil", blank=True, related_name="+", verbose_name=_("pupils")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("exception grant")
        verbose_name_plural = _("exception grants")
        ordering = ["-approved_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["pupils", "group", "school"]), name="grant_scope_valid"
            ),
            # A group grant names its group; the other kinds name none (pupils use the M2M).
            models.CheckConstraint(
                condition=Q(scope="group", group__isnull=False)
                | (~Q(scope="group") & Q(group__isnull=True)),
                name="grant_group_matches_scope",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="grant_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=F("grantee")), name="grant_not_self_approved"
            ),
            models.CheckConstraint(
                condition=Q(category_key__startswith="pupil."), name="grant_pupil_category"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="grant_revocation_names_who",
            ),
        ]
        indexes = [models.Index(fields=["grantee", "ends_on"], name="grant_grantee_current")]

    def __str__(self) -> str:
        return f"{self.grantee_id}: {self.category_key} ({self.scope})"

    def state_on(self, day: date) -> str:
        """revoked, upcoming, active or expired: what the policy makes of this grant on `day`."""
        if self.revoked_at is not None:
            return "revoked"
        if day < self.starts_on:
            return "upcoming"
        return "active" if day <= self.ends_on else "expired"


class ReviewOutcome(models.TextChoices):
    """The privacy officer's finding on one emergency access (decision 0032)."""

    REVIEWED = "reviewed", _("reviewed, nothing to add")
    JUSTIFIED = "justified", _("justified: the emergency was real")
    UNJUSTIFIED = "unjustified", _("not justified: followed up")


class BreakGlassAccess(models.Model):
    """Emergency access to everything about one pupil, for a few hours, with a stated reason.

    The reason is free text and therefore lives here, never in the audit log (whose context holds
    codes only); the audit event points at this row.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="break_glass")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    # The privacy officer's review (issue 17, decision 0032): every emergency access is looked at
    # once; the outcome says whether the stated reason held.
    review_outcome = models.CharField(
        _("review outcome"), max_length=12, choices=ReviewOutcome.choices, blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Free text like the reason (what was followed up, with whom): never in the audit log.
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("opened_at")), name="break_glass_expires_after_open"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_reason"),
            # A review is whole: outcome, time and reviewer together, or none of them.
            models.CheckConstraint(
                condition=(
                    Q(review_outcome="", reviewed_at__isnull=True, reviewed_by__isnull=True)
                    | (
                        Q(review_outcome__in=[o.value for o in ReviewOutcome])
                        & Q(reviewed_at__isnull=False, reviewed_by__isnull=False)
                    )
                ),
                name="break_glass_review_complete",
            ),
            # Nobody reviews their own emergency access.
            models.CheckConstraint(
                condition=~Q(reviewed_by=F("staff")), name="break_glass_not_self_reviewed"
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "expires_at"], name="break_glass_staff_current"),
            models.Index(fields=["board", "opened_at"], name="break_glass_board_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} -> {self.pupil_id} until {self.expires_at:%Y-%m-%d %H:%M}"
