"""Processing activities (GDPR art. 30) and their immutable version history."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from schoolprivacy import taxonomy
from schoolprivacy.register.models.choices import LegalBasis, SchoolKind
from schoolprivacy.register.models.retention import RetentionRule
from schoolprivacy.schools.models import Board


class ProcessingActivity(models.Model):
    """One purpose for which the board processes personal data, with everything art. 30 asks.

    The lists (subjects, categories, sources, systems, recipients, processors, roles) are JSON:
    a board has a dozen or two activities, they are always read whole, and a version snapshot is
    then simply a copy. The services validate every code in them before saving.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    # Stable identifier within the board (the default register's keys, or derived from the
    # name); used in anchors on the public statement and by `register_install_defaults`.
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=1, choices=LegalBasis.choices)
    legal_basis_article = models.CharField(_("legal article"), max_length=300, blank=True)
    special_basis = models.CharField(_("exception for special data"), max_length=300, blank=True)
    data_subjects = models.JSONField(_("data subjects"), default=list)
    categories = models.JSONField(_("data categories"), default=list)
    sources = models.JSONField(_("sources"), default=list)
    systems = models.JSONField(_("systems"), default=list)
    # [{"name": "DUO", "basis": "c"}, ...]: every recipient with the basis for sharing.
    recipients = models.JSONField(_("recipients"), default=list)
    processors = models.JSONField(_("processors"), default=list)
    access_roles = models.JSONField(_("roles with access"), default=list)
    retention_rule = models.ForeignKey(
        RetentionRule, verbose_name=_("retention"), on_delete=models.PROTECT, related_name="+"
    )
    security_measures = models.TextField(_("security measures"), blank=True)
    dpia_reference = models.CharField(_("DPIA reference"), max_length=200, blank=True)
    school_kind = models.CharField(
        _("applies to"), max_length=10, choices=SchoolKind.choices, blank=True, default=""
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The number of the newest ActivityVersion; kept here so lists need no extra query.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "key"], name="activity_key_unique"),
            models.CheckConstraint(
                condition=Q(legal_basis__in=[b.value for b in LegalBasis]),
                name="activity_legal_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(school_kind__in=[k.value for k in SchoolKind]),
                name="activity_school_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="activity_name_not_empty"),
        ]
        indexes = [models.Index(fields=["board", "is_active"], name="activity_board_active")]

    def __str__(self) -> str:
        return self.name

    # --- In the reader's language: the English texts are optional, Dutch is the fallback ---

    def localized_name(self) -> str:
        english = translation.get_language() == "en"
        return self.name_en if english and self.name_en else self.name

    def localized_purpose(self) -> str:
        english = translation.get_language() == "en"
        return self.purpose_en if english and self.purpose_en else self.purpose

    # --- Derived from the taxonomy ---

    @property
    def category_objects(self) -> list[taxonomy.Category]:
        return [taxonomy.category(key) for key in self.categories]

    @property
    def special_categories(self) -> list[taxonomy.Category]:
        return [c for c in self.category_objects if c.is_special]

    @property
    def protected_categories(self) -> list[taxonomy.Category]:
        """Special data and the education number: encrypted, and every read logged."""
        return [c for c in self.category_objects if c.needs_protection]

    def retention_in_words(self) -> str:
        return self.retention_rule.describe(consent=self.legal_basis == LegalBasis.CONSENT)

    def applies_to(self, school_kind: str) -> bool:
        return self.school_kind in ("", school_kind)


class ActivityVersion(models.Model):
    """A snapshot of an activity after each change. Never updated or deleted (see migration
    0002 for PostgreSQL; `save` and `delete` refuse it here for every database)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("snapshot"))
    changed_fields = models.JSONField(_("changed fields"), default=list)
    # A user ID, not a foreign key, as in the audit log: removing an account later must neither
    # fail on nor rewrite this history (the row is immutable).
    changed_by = models.BigIntegerField(_("changed by (user ID)"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity version")
        verbose_name_plural = _("activity versions")
        ordering = ["activity", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "number"], name="activity_version_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="activity_version_positive"),
        ]
        indexes = [models.Index(fields=["board", "changed_at"], name="activity_version_board")]

    def __str__(self) -> str:
        return f"{self.activity_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Activity versions are immutable; record a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Activity versions are immutable and are never deleted.")
