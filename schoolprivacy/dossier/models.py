"""Pupil records: test results, observations, care notes, measures, diagnoses, ...

Every record carries one taxonomy key, which gives it its purpose, retention and who may see it
(access.policy). A diagnosis and the measure it leads to are two records: the measure points at
the diagnosis with `based_on`, so a teacher can read "extra time for tests" without the diagnosis
behind it. Title and body are always encrypted at rest (docs/decisions/0007).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.encryption import EncryptedTextField
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Board, School
from schoolprivacy.taxonomy import Category, category

# The taxonomy keys a dossier record may have. Identity, contact details, the education number,
# photos and accounts live elsewhere (people, photos, accounts), not as records.
RECORD_CATEGORIES: tuple[str, ...] = (
    "pupil.enrolment",
    "pupil.absence",
    "pupil.results.tests",
    "pupil.results.reports",
    "pupil.results.central_exam",
    "pupil.observations",
    "pupil.care.notes",
    "pupil.care.measures",
    "pupil.care.diagnosis",
    "pupil.care.referral",
    "pupil.religion",
)
# Matches the record entry form of the staff pages (web/pupil_forms.py).
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


class Record(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # PROTECT: a pupil's records go through erasure (dossier/privacy.py), which logs what it
    # deleted, never silently along with the pupil.
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="records")
    category_key = models.CharField(_("kind of information"), max_length=64)
    title = EncryptedTextField(_("title"), purpose="dossier_record.title")
    body = EncryptedTextField(_("note"), purpose="dossier_record.body", blank=True)
    # The record this one follows from: a measure based on a diagnosis, a care note on an
    # observation. Readers who may not see the linked record do not see the link either.
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads_to",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # SET_NULL: the audit log keeps who wrote it; a departed colleague's account can go.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category_key__in=RECORD_CATEGORIES), name="record_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(based_on__isnull=True) | ~Q(based_on=F("id")),
                name="record_not_based_on_itself",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="record_has_title"),
        ]
        indexes = [
            models.Index(fields=["pupil", "category_key"], name="record_pupil_category"),
            models.Index(fields=["board", "recorded_at"], name="record_board_recorded"),
        ]

    def __str__(self) -> str:
        # Never the title: it may describe a diagnosis, and __str__ ends up in logs and admin.
        return f"record {self.pk} ({self.category_key})"

    @property
    def category(self) -> Category:
        return category(self.category_key)

    @property
    def is_special(self) -> bool:
        return self.category.is_special

    @property
    def needs_protection(self) -> bool:
        """Special data: every read is logged (access/reads.py)."""
        return self.category.needs_protection


class RecordVersion(models.Model):
    """A record as it was before a change or deletion (issue 14 item 6: previous version kept).

    Kept with the pupil's file under the same retention as the record; the retention engine
    removes both together. `record` is cleared when the record itself is deleted; `record_number`
    keeps which record it was.
    """

    class Change(models.TextChoices):
        UPDATED = "updated", _("changed")
        CORRECTED = "corrected", _("corrected on request")
        DELETED = "deleted", _("deleted")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="record_versions")
    record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions"
    )
    record_number = models.PositiveBigIntegerField()
    category_key = models.CharField(max_length=64)
    title = EncryptedTextField(_("title"), purpose="dossier_recordversion.title")
    body = EncryptedTextField(_("note"), purpose="dossier_recordversion.body", blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    replaced_at = models.DateTimeField(_("replaced at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("earlier version of a record")
        verbose_name_plural = _("earlier versions of records")
        ordering = ["-replaced_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category_key__in=RECORD_CATEGORIES), name="record_version_category"
            )
        ]

    def __str__(self) -> str:
        return f"record version {self.pk} ({self.category_key})"
