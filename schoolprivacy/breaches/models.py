"""The breach register (GDPR art. 33(5)): every incident, notified or not, with its facts, effects
and measures. Incidents are never deleted (domain.md, Breaches).

The fields of the triage follow the notification form of the Autoriteit Persoonsgegevens: what
happened and when, the kind of breach (confidentiality, integrity, availability), the data and the
number of people concerned, the likely consequences, the measures taken and planned, and whether
and how the people concerned are told.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.schools.models import Board


class ReporterKind(models.TextChoices):
    STAFF = "staff", _("a staff member")
    PUPIL = "pupil", _("a pupil")
    SUPPLIER = "supplier", _("a supplier (processor)")


class Risk(models.TextChoices):
    UNASSESSED = "unassessed", _("not assessed yet")
    # GDPR art. 33(1): no notification when the breach is unlikely to result in a risk.
    NO_RISK = "none", _("unlikely to result in a risk")
    RISK = "risk", _("a risk: notify the Autoriteit Persoonsgegevens")
    # GDPR art. 34(1): a high risk also means telling the people concerned.
    HIGH = "high", _("a high risk: also tell the people concerned")


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Breach(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    # --- The report ---
    reporter_kind = models.CharField(_("reported by"), max_length=10, choices=ReporterKind.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    # The 72 hours run from here (GDPR art. 33(1)): when the school became aware.
    aware_at = models.DateTimeField(_("aware since"))
    description = models.TextField(_("what happened"))
    # System names as the register's activities list them ("ParnasSys", "Schoolprivacy", ...).
    systems = models.JSONField(_("systems"), default=list)
    # --- Computed from the data map (impact.py) at the report and at every triage ---
    categories = models.JSONField(_("data categories concerned"), default=list)
    affected_pupils = models.PositiveIntegerField(_("pupils concerned"), default=0)
    # --- Triage by the privacy officer (the AP's notification form) ---
    risk = models.CharField(_("risk"), max_length=12, choices=Risk.choices, default=Risk.UNASSESSED)
    risk_assessment = models.TextField(_("risk assessment"), blank=True)
    confidentiality = models.BooleanField(_("data seen by someone who should not"), default=False)
    integrity = models.BooleanField(_("data changed or damaged"), default=False)
    availability = models.BooleanField(_("data lost or unavailable"), default=False)
    started_at = models.DateTimeField(_("breach began"), null=True, blank=True)
    ended_at = models.DateTimeField(_("breach ended"), null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    consequences = models.TextField(_("likely consequences"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    # Leaked test or exam results: the Inspectorate is told as well (domain.md, Breaches).
    exam_results = models.BooleanField(_("test or exam results concerned"), default=False)
    inspectorate_informed_at = models.DateTimeField(
        _("Inspectorate informed at"), null=True, blank=True
    )
    # --- The decisions ---
    ap_notified_at = models.DateTimeField(_("notified to the AP at"), null=True, blank=True)
    ap_reference = models.CharField(_("AP reference"), max_length=60, blank=True)
    not_notified_reason = models.TextField(_("why not notified"), blank=True)
    inform_subjects = models.BooleanField(_("tell the people concerned"), null=True)
    inform_reason = models.TextField(_("reasons for this decision"), blank=True)
    subjects_informed_at = models.DateTimeField(
        _("people concerned told at"), null=True, blank=True
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        ordering = ["-aware_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reporter_kind__in=["staff", "pupil", "supplier"]),
                name="breach_reporter_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(risk__in=["unassessed", "none", "risk", "high"]),
                name="breach_risk_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="breach_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(reporter_kind="supplier") | ~Q(supplier_name=""),
                name="breach_supplier_named",
            ),
        ]
        indexes = [models.Index(fields=["board", "status"], name="breach_board_status")]

    def __str__(self) -> str:
        return f"{_('Data breach')} {self.pk}"


class FollowUp(models.Model):
    """A measure to take after an incident, with a date, ticked off when done."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="follow_ups")
    description = models.TextField(_("what to do"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.breach_id}/{self.pk}"
