"""The board's privacy regulation and protocols as versioned documents, each version with the
decision of the (G)MR, published only once the council consented (issue 17 item 3, decision 0033).

The Dutch WMS (art. 10 and 14) gives the (G)MR a right of consent on the privacy regulation of a
school board: a version without that consent may not be published. The database enforces it
too (`policy_version_published_needs_consent`), so no path can publish an unapproved version.

Also here: the board's data protection officer (name and contact, published in the statement)
and the board's website, where the statement links for more about rights.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.schools.models import Board


class PolicyDocument(models.Model):
    class Kind(models.TextChoices):
        REGULATION = "regulation", _("privacy regulation")
        PROTOCOL = "protocol", _("protocol")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="policy_document_title_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["regulation", "protocol"]), name="policy_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Council(models.TextChoices):
    GMR = "gmr", _("joint participation council (GMR)")
    MR = "mr", _("participation council (MR)")


class Section(models.TextChoices):
    """Which part of the council decided (the 'geleding')."""

    WHOLE = "whole", _("the whole council")
    PARENTS = "parents", _("the parents' and pupils' section")
    STAFF = "staff", _("the staff section")


class Decision(models.TextChoices):
    CONSENTED = "consented", _("consent given")
    REFUSED = "refused", _("consent refused")
    ADVICE = "advice", _("advice only (no consent)")


class PolicyVersion(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    changes = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The (G)MR decision on this version.
    council = models.CharField(_("council"), max_length=4, choices=Council.choices, blank=True)
    council_section = models.CharField(
        _("section"), max_length=8, choices=Section.choices, blank=True
    )
    council_decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    council_decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True
    )
    minutes_reference = models.CharField(_("minutes reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="policy_version_number_unique"
            ),
            # WMS: no publication without the council's consent.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(council_decision="consented"),
                name="policy_version_published_needs_consent",
            ),
            # A decision is recorded whole: council, section, date and decision together.
            models.CheckConstraint(
                condition=Q(
                    council="",
                    council_section="",
                    council_decided_on__isnull=True,
                    council_decision="",
                )
                | (
                    ~Q(council="")
                    & ~Q(council_section="")
                    & Q(council_decided_on__isnull=False)
                    & ~Q(council_decision="")
                ),
                name="policy_version_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.council_decision == Decision.CONSENTED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PrivacyContacts(models.Model):
    """The board's data protection officer and website, as the public statement shows them."""

    board = models.OneToOneField(Board, on_delete=models.PROTECT, related_name="+")
    dpo_name = models.CharField(_("data protection officer's name"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's email address"), blank=True)
    dpo_phone = models.CharField(
        _("data protection officer's telephone number"), max_length=30, blank=True
    )
    website = models.URLField(_("the board's website about privacy"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("privacy contacts")
        verbose_name_plural = _("privacy contacts")

    def __str__(self) -> str:
        return f"privacy contacts of board {self.board_id}"


# The criteria of the European data protection board (WP248 rev.01) that the Autoriteit
# Persoonsgegevens applies: two or more mean a DPIA is needed (GDPR art. 35).
DPIA_CRITERIA: dict[str, Any] = {
    "evaluation": _("evaluation or scoring (for example pupil tracking and predictions)"),
    "automated_decisions": _("automated decisions with legal or similar effect"),
    "monitoring": _("systematic monitoring (for example cameras or learning analytics)"),
    "special_data": _("special or highly personal data (health, care, religion, BSN)"),
    "large_scale": _("large scale (many pupils or many schools)"),
    "combined_data": _("matching or combining data sets"),
    "vulnerable": _("vulnerable data subjects (children)"),
    "new_technology": _("new technology (for example face recognition or AI)"),
    "blocks_rights": _("prevents people from using a right or a service"),
}
DPIA_THRESHOLD = 2


class Dpia(models.Model):
    """The DPIA register: per processing activity or supplier, whether a data protection impact
    assessment is needed and, if so, its document, outcome, measures and next review."""

    class Outcome(models.TextChoices):
        ACCEPTABLE = "acceptable", _("risks acceptable")
        WITH_MEASURES = "measures", _("acceptable with the measures listed")
        HIGH_RISK = "high_risk", _("high risk remains: consult the Autoriteit Persoonsgegevens")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        "register.ProcessingActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processing activity"),
    )
    # The suppliers app sits beside this one, not below it: a supplier is named, not linked.
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    criteria = models.JSONField(_("criteria that apply"), default=list, blank=True)
    document_reference = models.CharField(_("DPIA document"), max_length=300, blank=True)
    performed_on = models.DateField(_("date of the DPIA"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("DPIA")
        verbose_name_plural = _("DPIAs")
        ordering = ["review_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | ~Q(supplier_name=""),
                name="dpia_names_activity_or_supplier",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(performed_on__isnull=False),
                name="dpia_outcome_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"DPIA {self.pk}"

    @property
    def needed(self) -> bool:
        return len(set(self.criteria) & DPIA_CRITERIA.keys()) >= DPIA_THRESHOLD

    @property
    def criteria_labels(self) -> list[Any]:
        return [DPIA_CRITERIA[key] for key in self.criteria if key in DPIA_CRITERIA]

    @property
    def subject_name(self) -> str:
        if self.activity is not None:
            return self.activity.localized_name()
        return self.supplier_name
