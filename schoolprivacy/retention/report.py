"""The purge part of the annual privacy report (web/annual_report.py): counts only.

Wired in by issue 17's report: `annual_figures(board_id, start, end)` gives (label, value) pairs.
"""

from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext as _

from schoolprivacy.retention.models import Destruction, PurgeRun


def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]:
    runs = PurgeRun.objects.filter(board_id=board_id, day__range=(start, end))
    destroyed = Destruction.objects.filter(board_id=board_id, run__in=runs)
    figures = [
        (_("Purge runs"), str(runs.count())),
        (_("Failed purge runs"), str(runs.filter(status=PurgeRun.Status.FAILED).count())),
        (_("Items deleted"), str(destroyed.aggregate(n=Sum("count"))["n"] or 0)),
    ]
    return figures
