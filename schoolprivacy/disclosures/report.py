"""The disclosures part of the annual privacy report (web/annual_report.py): counts only."""

from collections import Counter
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.disclosures.models import Basis, Disclosure
from schoolprivacy.disclosures.recipients import BY_KEY


def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]:
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.max))
    rows = Disclosure.objects.filter(
        board_id=board_id, disclosed_at__gte=since, disclosed_at__lte=until
    )
    bases = Counter(rows.values_list("basis", flat=True))
    recipients = Counter(rows.values_list("recipient", flat=True))
    refused = AuditEvent.objects.filter(
        chain=board_id,
        action="disclosures.disclosure.refused",
        occurred_at__gte=since,
        occurred_at__lte=until,
    ).count()
    figures = [
        (_("Disclosures recorded"), str(sum(bases.values()))),
        (_("on a legal obligation"), str(bases[Basis.LEGAL_OBLIGATION])),
        (_("with consent"), str(bases[Basis.CONSENT])),
        (_("Disclosures refused by the system (no basis)"), str(refused)),
    ]
    figures += [
        (str(BY_KEY[key].name) if key in BY_KEY else key, str(count))
        for key, count in recipients.most_common()
    ]
    return figures
