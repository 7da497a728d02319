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
