"""The requests part of the annual privacy report (web/annual_report.py): counts only.

Wired in by issue 17's report: `annual_figures(board_id, start, end)` gives (label, value) pairs.
"""

from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from schoolprivacy.requests.models import OPEN_STATUSES, Kind, Request


def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]:
    received = Request.objects.filter(board_id=board_id, received_on__range=(start, end))
    answered = received.filter(answered_at__isnull=False)
    on_time = answered.filter(answered_at__date__lte=F("due_on"))
    figures = [(_("Requests received"), str(received.count()))]
    for value, label in Kind.choices:
        count = received.filter(kind=value).count()
        if count:
            figures.append((str(label).capitalize(), str(count)))
    figures += [
        (_("Answered within the deadline"), f"{on_time.count()} / {answered.count()}"),
        (_("Deadline extended"), str(received.filter(extension_months__gt=0).count())),
        (_("Refused"), str(received.filter(refused_at__isnull=False).count())),
        (_("Still open"), str(received.filter(status__in=OPEN_STATUSES).count())),
    ]
    return figures
