"""What of the breach register needs the privacy officer's attention (schoolprivacy/attention.py):
every open incident with its 72-hour deadline, until the AP is notified or the risk is assessed
as none; after that, open incidents still need closing (no deadline)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.breaches.clock import notify_by
from schoolprivacy.breaches.models import Risk
from schoolprivacy.breaches.selectors import open_breaches_for


def attention_items(user: User) -> list[AttentionItem]:
    now = timezone.now()
    items = []
    for breach in open_breaches_for(user):
        url = reverse("breaches:detail", args=[breach.pk])
        title = _("Data breach %(number)s") % {"number": breach.pk}
        clock_runs = breach.ap_notified_at is None and breach.risk != Risk.NO_RISK
        if clock_runs:
            deadline = notify_by(breach.aware_at)
            items.append(
                AttentionItem(
                    kind="breach",
                    title=title,
                    url=url,
                    due_at=deadline,
                    detail=_("Notify the Autoriteit Persoonsgegevens, or assess the risk as none."),
                    overdue=deadline < now,
                )
            )
        else:
            items.append(
                AttentionItem(
                    kind="breach",
                    title=title,
                    url=url,
                    detail=_("Follow up, evaluate and close the incident."),
                )
            )
    return items
