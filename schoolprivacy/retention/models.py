"""The retention engine's own records: legal holds, subject erasures and purge runs.

Nothing here holds a personal value: subjects are IDs with their kind, plans and logs are counts
per category with reason codes (design.md, contract 3; domain.md: "Deletion is logged ... without
the deleted values"). That a pupil is under a hold, or was erased, is declared in
`retention/privacy.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.schools.models import Board, School


class LegalHold(models.Model):
    """Erasure and purge are suspended for a pupil while a hold is open (a complaint, a court
    case, an inspection). A case names one code for several pupils: one hold per pupil."""

    class Reason(models.TextChoices):
        COMPLAINT = "complaint", _("A complaint or objection is being handled")
        PROCEEDINGS = "proceedings", _("Legal proceedings or a legal order")
        INSPECTION = "inspection", _("An inspection or audit asked to keep the data")
        BREACH = "breach", _("A data breach is being investigated")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    # A code such as "K-2026-04", the same on every hold of one case; never a name.
    case = models.CharField(_("case reference"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [models.Index(fields=["board", "pupil"], name="legal_hold_pupil")]

    def __str__(self) -> str:
        return f"hold {self.pk} on pupil {self.pupil_id}"


class SubjectErasure(models.Model):
    """One erasure of a data subject on request: the dry run, its confirmation and the result.

    `plan` and `result` are lists of {"app", "category", "count", "action", "reason"}: counts and
    codes, never values. `fingerprint` is a SHA-256 over the subject's data as the dry run saw
    it; confirming recomputes it and refuses when anything changed.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Waiting for confirmation")
        DONE = "done", _("Erased")
        REFUSED = "refused", _("Refused")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(max_length=10)
    subject_id = models.BigIntegerField()
    subject_user_id = models.BigIntegerField(null=True, blank=True)
    # The data-subject request it carries out (requests app), when there is one: a plain ID, as
    # retention may not import requests (the dependency runs the other way).
    request_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    plan = models.JSONField(default=list)
    result = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64)
    refusal = models.CharField(max_length=40, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        indexes = [
            models.Index(fields=["board", "status"], name="erasure_board_status"),
            models.Index(fields=["subject_kind", "subject_id"], name="erasure_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_kind__in=["pupil", "guardian", "staff"]),
                name="erasure_subject_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"erasure {self.pk} of {self.subject_kind} {self.subject_id} ({self.status})"


class PurgeRun(models.Model):
    """One run of the retention engine over a board. Resumable: `cursor` says which phase and
    which subject ID the last committed batch reached; each batch commits its erasures, its
    destruction counts and the cursor together, so a crash never counts anything twice."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    # The day the rules are counted on: a resumed run keeps the day it started with.
    day = models.DateField()
    cursor = models.JSONField(default=dict)
    subjects_total = models.PositiveIntegerField(default=0)
    subjects_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=40, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        constraints = [
            # One unfinished run per board: a second start resumes it instead.
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(status="running"),
                name="purge_run_one_running_per_board",
            )
        ]

    def __str__(self) -> str:
        return f"purge run {self.pk} ({self.status})"


class Destruction(models.Model):
    """The destruction log: how many items of a category one run erased under one rule, per
    school (blank for board-wide data such as staff and sign-in data). Counts only."""

    run = models.ForeignKey(PurgeRun, on_delete=models.PROTECT, related_name="destructions")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, related_name="+")
    rule = models.CharField(max_length=50)
    category = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("destruction log entry")
        verbose_name_plural = _("destruction log")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "school", "rule", "category"],
                name="destruction_one_row_per_rule_category",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}/{self.category}: {self.count}"


class UnlinkedGuardian(models.Model):
    """A parent the purge found linked to no pupil, and the day it first did (domain.md: a
    parent's data follows the pupil's retention). With no pupil there is no leaving date to
    count from, so the purge counts from this day instead (rules.UNLINKED_GUARDIAN_RULE). The
    row goes with the parent; when the parent is linked to a pupil again it is removed."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    guardian = models.OneToOneField(Guardian, on_delete=models.CASCADE, related_name="+")
    seen_on = models.DateField()

    class Meta:
        verbose_name = _("unlinked parent")
        verbose_name_plural = _("unlinked parents")

    def __str__(self) -> str:
        return f"guardian {self.guardian_id} unlinked since {self.seen_on}"


class PurgePreview(models.Model):
    """The preview of one part of a board (a school, or the board-wide data) that the privacy
    officer looked at: when, by whom, for which day, and its counts per rule and category (never
    values). The first real run for a part needs a recent one whose counts still hold
    (`retention.first_run`); the run that relied on it is noted, after which the part's later
    runs need none, unless that run failed (decision 0057)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    # Empty: the board-wide part (staff, unlinked parents, sign-in data, import files, the
    # audit log), stored when the officer opens the preview of the whole board.
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    day = models.DateField()
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # [{"rule": code, "category": taxonomy key, "count": n}, ...] sorted by rule and category
    counts = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    run = models.ForeignKey(
        PurgeRun, on_delete=models.PROTECT, null=True, blank=True, related_name="previews"
    )

    class Meta:
        verbose_name = _("purge preview")
        verbose_name_plural = _("purge previews")
        indexes = [models.Index(fields=["school", "made_at"], name="purge_preview_school")]

    def __str__(self) -> str:
        part = f"school {self.school_id}" if self.school_id else "the board-wide data"
        return f"preview {self.pk} of {part} ({self.total})"


class PurgeWait(models.Model):
    """A board's purge was refused for want of a preview (`retention.first_run`): which parts
    wait (a school, or the board-wide data) and how many items past their rule the whole board
    had then. Nothing of the board is purged until the officer looks, so the workspace lists it
    (`retention.attention`). One row per board, replaced at each refusal; a run that starts
    removes it. Counts and IDs only."""

    board = models.OneToOneField(Board, on_delete=models.PROTECT, related_name="+")
    noted_at = models.DateTimeField()
    due = models.PositiveIntegerField(default=0)
    # [{"school": id or null (the board-wide data), "reason": "missing" or "stale"}, ...]
    parts = models.JSONField(default=list)

    class Meta:
        verbose_name = _("purge waiting for a preview")
        verbose_name_plural = _("purges waiting for a preview")

    def __str__(self) -> str:
        return f"purge of board {self.board_id} waits ({self.due} due)"
