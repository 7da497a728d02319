"""Retention rules: how long data is kept, counted from an event (domain.md, "Retention")."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from schoolprivacy.register.models.choices import RetentionEvent
from schoolprivacy.schools.models import Board

# One whole sentence per event and kind of rule, so a translator can order the words freely.
_UNTIL = {
    RetentionEvent.PUPIL_LEFT: _("until %(period)s after the pupil leaves the school"),
    RetentionEvent.DEENROLMENT: _("until %(period)s after de-enrolment"),
    RetentionEvent.STAFF_LEFT: _("until %(period)s after the staff member leaves"),
    RetentionEvent.PURPOSE_ENDED: _("until %(period)s after the purpose has ended"),
    RetentionEvent.CREATED: _("until %(period)s after it was recorded"),
}
_AT_LEAST = {
    RetentionEvent.PUPIL_LEFT: _("at least %(period)s after the pupil leaves the school"),
    RetentionEvent.DEENROLMENT: _("at least %(period)s after de-enrolment"),
    RetentionEvent.STAFF_LEFT: _("at least %(period)s after the staff member leaves"),
    RetentionEvent.PURPOSE_ENDED: _("at least %(period)s after the purpose has ended"),
    RetentionEvent.CREATED: _("at least %(period)s after it was recorded"),
}
_AT_EVENT = {
    RetentionEvent.PUPIL_LEFT: _("until the pupil leaves the school"),
    RetentionEvent.DEENROLMENT: _("until de-enrolment"),
    RetentionEvent.STAFF_LEFT: _("until the staff member leaves"),
    RetentionEvent.PURPOSE_ENDED: _("as long as it is needed for this purpose"),
    RetentionEvent.CREATED: _("only as long as it is needed right away"),
}

_WHILE_CONSENT_LASTS = _("as long as consent lasts: when it is withdrawn, we delete the data")


def period_in_words(years: int, months: int) -> str:
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if months:
        parts.append(ngettext("%(count)d month", "%(count)d months", months) % {"count": months})
    if len(parts) == 2:
        return gettext("%(years)s and %(months)s") % {"years": parts[0], "months": parts[1]}
    return parts[0] if parts else ""


class RetentionRule(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    # A stable name for the rule (the defaults' key); the retention engine and the version
    # snapshots refer to it, so it never changes once created.
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    event = models.CharField(_("counted from"), max_length=20, choices=RetentionEvent.choices)
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    is_minimum = models.BooleanField(
        _("legal minimum"),
        default=False,
        help_text=_("The law requires keeping the data at least this long."),
    )
    legal_source = models.TextField(_("legal source"), blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "code"], name="retention_rule_code_unique"),
            models.CheckConstraint(
                condition=Q(event__in=[e.value for e in RetentionEvent]),
                name="retention_rule_event_valid",
            ),
            models.CheckConstraint(condition=Q(months__lte=11), name="retention_rule_months"),
            models.CheckConstraint(condition=Q(years__lte=100), name="retention_rule_years"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> str:
        return period_in_words(self.years, self.months)

    def describe(self, *, consent: bool = False) -> str:
        """The rule in words, such as "until 2 years after the pupil leaves the school".

        `consent`: the activity relies on consent, so "as long as the purpose lasts" means, in
        plain words, until consent is withdrawn.
        """
        event = RetentionEvent(self.event)
        if not self.years and not self.months:
            if consent and event is RetentionEvent.PURPOSE_ENDED:
                return str(_WHILE_CONSENT_LASTS)
            return str(_AT_EVENT[event])
        sentences = _AT_LEAST if self.is_minimum else _UNTIL
        return str(sentences[event]) % {"period": self.period}
