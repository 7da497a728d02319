"""The breach part of the annual privacy report (web/annual_report.py): counts only."""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.breaches.clock import notify_by
from schoolprivacy.breaches.models import Breach, Risk, Status


def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]:
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.max))
    rows = list(Breach.objects.filter(board_id=board_id, aware_at__gte=since, aware_at__lte=until))
    notified = [b for b in rows if b.ap_notified_at is not None]
    in_time = [
        b for b in notified if b.ap_notified_at and b.ap_notified_at <= notify_by(b.aware_at)
    ]
    return [
        (_("Incidents reported"), str(len(rows))),
        (_("assessed as no risk"), str(sum(b.risk == Risk.NO_RISK for b in rows))),
        (_("assessed as a high risk"), str(sum(b.risk == Risk.HIGH for b in rows))),
        (_("notified to the Autoriteit Persoonsgegevens"), str(len(notified))),
        (_("of which within 72 hours"), str(len(in_time))),
        (_("people concerned told"), str(sum(b.subjects_informed_at is not None for b in rows))),
        (_("still open"), str(sum(b.status == Status.OPEN for b in rows))),
    ]
