"""Rights requests of parents and pupils (GDPR art. 15-21) and what carrying them out needs.

Every step is a row or a column written in its own transaction (services.py), so a request is
resumable after any crash: its status and dates say where it stands.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.encryption import EncryptedTextField
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.requests.clock import MAX_EXTENSION_MONTHS
from schoolprivacy.schools.models import Board, School

# What the system checked for a request made while signed in, stored as a code and shown in the
# reader's language (a stored English sentence would show on every Dutch page).
SIGNED_IN_CHECK = "system:signed_in"
SYSTEM_CHECKS = {
    SIGNED_IN_CHECK: _(
        "checked by the system: signed in, with standing from the pupil administration"
    ),
}


def identity_check_text(value: str) -> str:
    """A stored identity check as people read it: system codes in the active language."""
    return str(SYSTEM_CHECKS.get(value, value))


class Kind(models.TextChoices):
    ACCESS = "access", _("inspection and copy")
    RECTIFICATION = "rectification", _("correction")
    ERASURE = "erasure", _("erasure")
    RESTRICTION = "restriction", _("restriction of processing")
    OBJECTION = "objection", _("objection")


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    VERIFIED = "verified", _("identity checked")
    IN_PROGRESS = "in_progress", _("in progress")
    EXTENDED = "extended", _("extended")
    ANSWERED = "answered", _("answered")
    REFUSED = "refused", _("refused")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = (Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS, Status.EXTENDED)


class Channel(models.TextChoices):
    PORTAL = "portal", _("parent portal")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("email")
    DESK = "desk", _("at the desk")
    PHONE = "phone", _("by phone")


class Standing(models.TextChoices):
    """On what footing the requester asks (access.rights)."""

    AUTHORITY = "authority", _("parent with parental authority")
    OWN = "own", _("the pupil (16 or older)")
    INFORMATION_ONLY = "information_only", _("parent without authority: information only")
    STAFF_CHECKED = "staff_checked", _("checked by staff")


class Request(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="rights_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    standing = models.CharField(_("requester"), max_length=20, choices=Standing.choices)
    # Who asks: a signed-in parent or pupil, or as the staff member recorded it.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requester_name = models.CharField(_("requester's name"), max_length=200, blank=True)
    description = EncryptedTextField(
        _("what is asked"), purpose="requests_request.description", blank=True
    )
    language = models.CharField(_("language of the answer"), max_length=5, default="nl")
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    identity_check = models.TextField(_("how identity and authority were checked"), blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    answer = EncryptedTextField(_("answer"), purpose="requests_request.answer", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reasons for the refusal"), blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last day a reminder went out, so the daily task sends each reminder once.
    reminded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="request_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=MAX_EXTENSION_MONTHS),
                name="request_extension_at_most_two_months",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gt=F("received_on")), name="request_due_after_receipt"
            ),
            # A refusal is reasoned (GDPR art. 12(4)).
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="request_refusal_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(extension_months=0) | ~Q(extension_reason=""),
                name="request_extension_has_reasons",
            ),
        ]
        indexes = [models.Index(fields=["board", "status", "due_on"], name="request_queue")]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.kind})"

    @property
    def identity_check_display(self) -> str:
        return identity_check_text(self.identity_check)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class SystemCheck(models.Model):
    """One system, processor or recipient from the processing register where the child's data
    may also be, ticked off with what the school found there (issue 14 item 4)."""

    class Source(models.TextChoices):
        SYSTEM = "system", _("system")
        PROCESSOR = "processor", _("supplier")
        RECIPIENT = "recipient", _("recipient")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="checks")
    source = models.CharField(max_length=10, choices=Source.choices)
    name = models.CharField(_("name"), max_length=200)
    finding = EncryptedTextField(
        _("what was found"), purpose="requests_systemcheck.finding", blank=True
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["source", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "source", "name"], name="system_check_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"check {self.pk} ({self.source})"


class Correction(models.Model):
    """A proposed correction of one item of the child's data, and the school's decision."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("corrected")
        REFUSED = "refused", _("refused")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="corrections")
    # The item, as the privacy registry names it: "dossier.Record" and its id, and the field.
    source = models.CharField(max_length=100)
    item_id = models.PositiveBigIntegerField()
    field_name = models.CharField(max_length=100)
    category_key = models.CharField(max_length=64)
    proposed = EncryptedTextField(_("proposed text"), purpose="requests_correction.proposed")
    explanation = EncryptedTextField(
        _("explanation"), purpose="requests_correction.explanation", blank=True
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    refusal_reason = models.TextField(_("reason"), blank=True)
    # Data that came from the pupil administration must be corrected there too (or only there).
    at_source = models.CharField(_("to correct at the source"), max_length=100, blank=True)
    # GDPR art. 19: the recipients told of the correction, by name (the requester sees them).
    recipients_told = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(refusal_reason=""),
                name="correction_refusal_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"correction {self.pk} ({self.state})"


class PackageBuild(models.TextChoices):
    QUEUED = "queued", _("waiting to be made")
    BUILDING = "building", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("could not be made")


class PackageLink(models.Model):
    """A signed, expiring, single-use link to download the package (only its hash is kept)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The link's package is built in the background (requests/building.py): videos take
    # minutes. The zip waits in the private storage under `archive` until it is downloaded
    # (then removed) or the link expires (removed by the daily task).
    build = models.CharField(
        _("package"), max_length=10, choices=PackageBuild.choices, default=PackageBuild.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    archive = models.CharField(max_length=200, blank=True)
    # When its build task was queued. Empty for a link made before packages were built in the
    # background (migration 0004): no task is behind it, and its page queues one, once.
    queued_at = models.DateTimeField(null=True, blank=True)
    # When the build last showed life: as it starts, and with every progress write (at least
    # once a minute while it works). A build silent for longer than
    # requests/build_recovery.STALE_AFTER died with its worker: it is queued again, `retries`
    # counting how often, and marked "could not be made" after MAX_RETRIES.
    progress_at = models.DateTimeField(null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="package_link_progress"),
        ]

    def __str__(self) -> str:
        return f"package link {self.pk}"


class RecipientNotice(models.Model):
    """GDPR art. 19: one organisation that received the child's data, told of a correction or an
    erasure of it. Sent by email where the registry knows an address; otherwise a task for the
    privacy officer, who records when they told it. Never shown as told before it was."""

    class Cause(models.TextChoices):
        CORRECTION = "correction", _("correction")
        ERASURE = "erasure", _("erasure")

    class State(models.TextChoices):
        QUEUED = "queued", _("email being sent")
        SENT = "sent", _("told by email")
        BY_HAND = "by_hand", _("to be told by hand")
        TOLD_BY_HAND = "told_by_hand", _("told by hand")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    correction = models.ForeignKey(
        Correction, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    # The retention app's erasure (retention.SubjectErasure), by id: requests does not import it.
    erasure_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause = models.CharField(max_length=10, choices=Cause.choices)
    # The registry's key of the recipient ("suppliers.Supplier:12"), its name and address.
    recipient_key = models.CharField(max_length=200)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    categories = models.JSONField(default=list)
    # False under the meldcode: the recipient is told, the requester never sees it named.
    shown_to_requester = models.BooleanField(default=True)
    state = models.CharField(max_length=12, choices=State.choices)
    told_at = models.DateTimeField(_("told on"), null=True, blank=True)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Told means a date; a date means told.
            models.CheckConstraint(
                condition=Q(state__in=["sent", "told_by_hand"], told_at__isnull=False)
                | Q(state__in=["queued", "by_hand"], told_at__isnull=True),
                name="recipient_notice_told_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state="queued") | ~Q(email=""),
                name="recipient_notice_mail_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"notice {self.pk} ({self.state})"
