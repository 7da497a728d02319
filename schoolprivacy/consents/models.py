"""Consent: purposes, their versioned texts, the append-only decision ledger, disputes, rounds.

The status of a pupil's consent for a purpose is never stored: `consents.rules` derives it from
the ledger, the texts and the holders every time (domain.md, Consent), so a withdrawal takes
effect the moment its row is committed.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board, School

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _protected[M: models.Model](
    to: type[M], label: "StrOrPromise", *, related_name: str = "+"
) -> "models.ForeignKey[M, M]":
    """A required PROTECT foreign key with a translated label (the admin and forms show it)."""
    return models.ForeignKey(
        to, on_delete=models.PROTECT, related_name=related_name, verbose_name=label
    )


class ChannelKind(models.TextChoices):
    INTERNAL = "internal", _("inside the school")
    CLOSED_GROUP = "closed_group", _("closed group (parents of the school)")
    PUBLIC = "public", _("public")


class Purpose(models.Model):
    """What the consent is for, per channel (domain.md: per purpose and channel, not bundled).

    A board-wide row has no school; a school-level row with the same key overrides it for that
    school (see `selectors.purposes_for_school`).
    """

    board = _protected(Board, _("board"))
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    channel_kind = models.CharField(_("channel"), max_length=20, choices=ChannelKind.choices)
    activity = models.ForeignKey(
        ProcessingActivity,
        verbose_name=_("processing activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "key"],
                condition=Q(school__isnull=True),
                name="purpose_key_unique_per_board",
            ),
            models.UniqueConstraint(
                fields=["school", "key"],
                condition=Q(school__isnull=False),
                name="purpose_key_unique_per_school",
            ),
            models.CheckConstraint(
                condition=Q(channel_kind__in=[c.value for c in ChannelKind]),
                name="purpose_channel_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PurposeText(models.Model):
    """The text parents (or the pupil) consent to. Immutable once published: a changed text is a
    new version, and needs fresh consent (domain.md, Consent)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="texts")
    version = models.PositiveIntegerField(_("version"))
    text_nl = models.TextField(_("text in Dutch"))
    text_en = models.TextField(_("text in English"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="purpose_text_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="purpose_text_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose_id} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = PurposeText.objects.filter(pk=self.pk, published_at__isnull=False).exists()
            if stored:
                raise ValueError("A published consent text cannot be changed; add a version.")
        super().save(*args, **kwargs)


class Decision(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Method(models.TextChoices):
    PORTAL = "portal", _("parent portal")
    PAPER = "paper", _("paper form")


class ConsentDecision(models.Model):
    """One decision, provable: who, when, how, which text version (domain.md, Consent).

    Append-only: rows are never changed or deleted (save() refuses existing rows; on PostgreSQL a
    trigger refuses UPDATE and DELETE). PROTECT everywhere for the same reason.
    """

    board = _protected(Board, _("board"))
    school = _protected(School, _("school"))
    pupil = _protected(Pupil, _("pupil"), related_name="consent_decisions")
    purpose = _protected(Purpose, _("consent purpose"), related_name="decisions")
    text = _protected(PurposeText, _("consent text"), related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    guardian = models.ForeignKey(
        Guardian,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    by_pupil = models.BooleanField(_("decided by the pupil"), default=False)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    reference = models.CharField(_("form reference"), max_length=60, blank=True)
    evidence = models.CharField(_("evidence"), max_length=120, blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent decision")
        verbose_name_plural = _("consent decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guardian__isnull=False, by_pupil=False)
                | Q(guardian__isnull=True, by_pupil=True),
                name="consent_decision_one_decider",
            ),
            models.CheckConstraint(
                condition=~Q(method="paper") | ~Q(reference=""),
                name="consent_decision_paper_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=[d.value for d in Decision]),
                name="consent_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(method__in=[m.value for m in Method]),
                name="consent_decision_method_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["pupil", "purpose", "decided_at"], name="consent_decision_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}/{self.purpose_id}: {self.decision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise ValueError("Consent decisions are append-only; record a new decision.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Consent decisions are append-only; they are never deleted.")


class ConsentDispute(models.Model):
    """The school learned that the holders disagree: processing stops until a location director
    resolves it (domain.md, Consent: a "disputed" state)."""

    class Opened(models.TextChoices):
        STAFF = "staff", _("reported to the school")
        HOLDERS_DISAGREE = "holders_disagree", _("one parent granted while the other refused")

    class Resolution(models.TextChoices):
        AGREED = "agreed", _("the parents agree")
        COURT = "court", _("a court decided")
        MISTAKEN = "mistaken", _("opened by mistake")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="consent_disputes")
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="disputes")
    opened_because = models.CharField(_("opened because"), max_length=20, choices=Opened.choices)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Staff reporting a dispute say which parent told the school they disagree, and why
    # (issue 19). Empty for disputes opened automatically and for those from before.
    reported_by_guardian = models.ForeignKey(
        "people.Guardian",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parent who disagrees"),
    )
    note = models.TextField(_("note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent dispute")
        verbose_name_plural = _("consent disputes")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "purpose"],
                condition=Q(resolved_at__isnull=True),
                name="consent_dispute_one_open",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | Q(resolved_at__isnull=False, resolved_by__isnull=False) & ~Q(resolution=""),
                name="consent_dispute_resolution_complete",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("opened_at")),
                name="consent_dispute_resolved_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}/{self.purpose_id} disputed"


class ConsentRound(models.Model):
    """A yearly round: may close *collection* of new grants after the deadline, never withdrawal
    (domain.md, Consent)."""

    board = _protected(Board, _("board"))
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=200)
    purposes = models.ManyToManyField(Purpose, related_name="rounds", verbose_name=_("purposes"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    closes_collection = models.BooleanField(_("no new consent after the deadline"), default=False)
    # Holders who have not answered get one reminder this many days before the deadline.
    reminder_days_before = models.PositiveSmallIntegerField(
        _("days before the deadline to send a reminder"), default=7
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent round")
        verbose_name_plural = _("consent rounds")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")), name="consent_round_deadline_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    WITHDRAWN = "withdrawn", _("consent withdrawn")
    REFUSED = "refused", _("consent refused after it was granted")
    DISPUTE_OPENED = "dispute_opened", _("consent disputed")
    PUPIL_CAME_OF_AGE = "pupil_came_of_age", _("pupil turned 16")
    HOLDERS_CHANGED = "holders_changed", _("parental authority or a parent link changed")
    TEXT_PUBLISHED = "text_published", _("a new consent text was published")
    SETTINGS_CHANGED = "settings_changed", _("a purpose or channel setting changed")


# Which kinds name a pupil and which a purpose (the rest name neither, only the board).
PUPIL_KINDS = ("withdrawn", "refused", "dispute_opened", "pupil_came_of_age", "holders_changed")
PURPOSE_KINDS = ("withdrawn", "refused", "dispute_opened", "text_published")


class ConsentEvent(models.Model):
    """Outbox: written in the transaction of the change, handled later, at least once, marked
    handled only after its handler succeeded (see consents/outbox.py).

    A failing event is retried with back-off (`next_attempt_at`) and, after the last attempt,
    parked in the dead-letter state (`failed_at`) for the privacy officer to see and retry.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.ForeignKey(
        Purpose, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The photos app's channel whose settings changed (an ID, not a foreign key: consents sits
    # below photos in the dependency order).
    channel_id = models.PositiveIntegerField(_("channel"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    # An exception class name, never its message (which may hold personal values).
    last_error = models.CharField(_("last error"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in EventKind]), name="consent_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=PURPOSE_KINDS) | Q(purpose__isnull=False),
                name="consent_event_names_purpose",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=PUPIL_KINDS) | Q(pupil__isnull=False),
                name="consent_event_names_pupil",
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True) | Q(failed_at__isnull=True),
                name="consent_event_handled_or_failed",
            ),
        ]
        indexes = [
            models.Index(fields=["handled_at", "failed_at", "id"], name="consent_event_queue")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pupil_id or self.purpose_id or ''}"


class ComingOfAgeNotice(models.Model):
    """The pupil turned 16 and is told, once, that they may withdraw earlier consent (UAVG art. 5;
    domain.md, Consent). One row per pupil keeps it to once."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    pupil = models.OneToOneField(Pupil, on_delete=models.PROTECT, related_name="+")
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    pupil_informed_at = models.DateTimeField(_("pupil informed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice on turning 16")
        verbose_name_plural = _("notices on turning 16")

    def __str__(self) -> str:
        return f"{self.pupil_id} informed {self.pupil_informed_at}"
