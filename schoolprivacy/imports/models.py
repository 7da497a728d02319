"""One confirmed import, run by the task queue: its state, its progress and its counts.

Holds numbers and codes only: no pupil number, no education number, no name. The report with
pupil numbers is shown only in the preview; after the run the administration sees the counts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schoolprivacy.schools.models import Board, School


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Error(models.TextChoices):
        # Codes, not messages: a message could quote a header or a cell of the file.
        UNREADABLE = "unreadable", _("The file could not be read, or a required column is missing.")
        BLOCKED = "blocked", _("The file has problems, so nothing was imported.")
        MISSING = "missing", _("The uploaded file was no longer there.")
        INTERNAL = "internal", _("Something went wrong on our side.")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="import_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # Report.counts(): numbers only.
    counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=12, choices=Error.choices, blank=True)
    file_kept = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"import run {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def error_message(self) -> str:
        return str(self.Error(self.error).label) if self.error else ""


class RunIndex(models.Model):
    """What one import run has seen so far, kept in the database rather than in memory, so that
    memory stays the same for a school of 500 pupils and one of 50,000 (decision 0015).

    Rows live only inside the run's transaction: `imports.scratch` deletes them before it
    commits, and a preview or a blocked run rolls them back. Keys are hashed with a salt that
    exists only in the memory of the run, so a row says nothing about a pupil or a guardian.
    """

    PUPIL = "pupil"  # a pupil number in the file: its first line, and the pupil's pk when known
    NUMBER = "number"  # an education number a pupil had when the run started: that pupil's pk
    GUARDIAN = "guardian"  # a match key of a guardian (email, or name and phone): its pk

    run = models.CharField(max_length=32)
    kind = models.CharField(max_length=8)
    digest = models.CharField(max_length=32)
    ref = models.BigIntegerField(null=True)
    line = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "kind", "digest"], name="import_run_index_key"),
            models.Index(fields=["run", "kind", "ref"], name="import_run_index_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of run {self.run}"
