"""The processor agreements part of the annual privacy report (web/annual_report.py).

Wired in by issue 17's report: `annual_figures(board_id, start, end)` gives (label, value) pairs,
the agreements' state on the last day of the period (or today, for the current year).
"""

from collections import Counter
from datetime import date

from django.utils import timezone

from schoolprivacy.suppliers.models import Agreement, Status


def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]:
    on = min(end, timezone.localdate())
    states = Counter(a.status_on(on) for a in Agreement.objects.filter(board_id=board_id))
    return [(str(label).capitalize(), str(states[value])) for value, label in Status.choices]
