"""What the consents app asks of the privacy officer (issue 17): open disputes, where processing
of a purpose has stopped for a pupil until the location director resolves it, and consent
effects the outbox gave up on (a withdrawal that has not reached the photos yet).

Neither has a legal deadline; they show without one. No pupil names: the officer oversees, the
location director resolves (access/duties.py).
"""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.consents.models import ConsentDispute, ConsentEvent
from schoolprivacy.schools.models import School


def attention_items(user: User) -> list[AttentionItem]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return []
    items = []
    disputes = (
        ConsentDispute.objects.filter(board_id=board_id, resolved_at__isnull=True)
        .values("school_id")
        .annotate(count=Count("id"), since=Min("opened_at"))
        .order_by("school_id")
    )
    names = dict(School.objects.filter(board_id=board_id).values_list("id", "name"))
    for row in disputes:
        items.append(
            AttentionItem(
                kind="dispute",
                title=ngettext(
                    "%(count)d open consent dispute at %(school)s",
                    "%(count)d open consent disputes at %(school)s",
                    row["count"],
                )
                % {"count": row["count"], "school": names.get(row["school_id"], "")},
                url=reverse("consents:board_counts"),
                detail=_(
                    "Processing stops until the location director resolves it; open since %(day)s."
                )
                % {"day": date_format(timezone.localtime(row["since"]), "SHORT_DATE_FORMAT")},
            )
        )
    failed = ConsentEvent.objects.filter(
        board_id=board_id, handled_at__isnull=True, failed_at__isnull=False
    ).aggregate(count=Count("id"), since=Min("failed_at"))
    if failed["count"]:
        items.append(
            AttentionItem(
                kind="outbox",
                title=ngettext(
                    "%(count)d consent effect could not be carried out",
                    "%(count)d consent effects could not be carried out",
                    failed["count"],
                )
                % {"count": failed["count"]},
                url=reverse("photos:consent_effects"),
                detail=_("Retry them once the cause is fixed."),
                overdue=True,
            )
        )
    return items
