"""A disclosure: which data about which pupil went to which organisation, on which basis.

Only `services.disclosure_record` writes them, after `rules.check` allowed it (domain.md: every
disclosure is recorded with its basis). Rows are never edited afterwards, except the meldcode
decision to let the parents see one (`shown_to_parents`), which only goes from no to yes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Board, School


class Basis(models.TextChoices):
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    CONSENT = "consent", _("consent")


class Disclosure(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="disclosures")
    # A key of recipients.RECIPIENTS.
    recipient = models.CharField(_("recipient"), max_length=40)
    # Which organisation exactly ("Gemeente Utrecht", "Het Lyceum"): optional.
    recipient_name = models.CharField(_("organisation"), max_length=200, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    # Legal obligation: the ground's code and its citation as it read when the data went.
    article = models.CharField(_("article"), max_length=60, blank=True)
    citation = models.CharField(_("legal article"), max_length=300, blank=True)
    # Consent: the purpose and the ledger rows the "granted" rested on (the proof).
    purpose = models.ForeignKey(
        Purpose, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_decision_ids = models.JSONField(_("consent decisions relied on"), default=list)
    categories = models.JSONField(_("data categories"), default=list)
    note = models.TextField(_("why"), blank=True)
    # Leerplichtwet art. 21a: the unauthorised absence that reached the threshold.
    absence_hours = models.PositiveSmallIntegerField(_("hours of unauthorised absence"), null=True)
    # WPO art. 42: the parents saw the transfer report first, and what they said.
    shown_to_parents_on = models.DateField(_("shown to the parents on"), null=True, blank=True)
    parent_remarks = models.TextField(_("the parents' remarks"), blank=True)
    # A legal order's reference (police, public prosecutor).
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # The meldcode: whether the parents see this disclosure online (decided by the professional).
    shown_to_parents = models.BooleanField(_("visible to the parents"), default=True)
    disclosed_at = models.DateTimeField(_("shared at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=["legal_obligation", "consent"]),
                name="disclosure_basis_valid",
            ),
            # A legal obligation names its article; a consent names its purpose.
            models.CheckConstraint(
                condition=(Q(basis="legal_obligation") & ~Q(article=""))
                | (Q(basis="consent") & Q(purpose__isnull=False)),
                name="disclosure_basis_named",
            ),
        ]
        indexes = [models.Index(fields=["board", "pupil"], name="disclosure_board_pupil")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.pk}"
