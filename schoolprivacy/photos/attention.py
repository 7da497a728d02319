"""What the photos app asks of the privacy officer (issue 17): drift found by the daily check of
live publications (photos/sweep.py), and a daily check that stopped running.

Drift is already fixed when it is found; it still needs the officer, because it means some path
changes consent without reaching the photos.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.photos.models import Publication
from schoolprivacy.photos.sweep import last_check

# The check runs daily; two days without one means the task worker is not running it.
CHECK_LATE_AFTER = timedelta(days=2)


def attention_items(user: User) -> list[AttentionItem]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return []
    url = reverse("photos:consent_effects")
    check = last_check(board_id)
    items = []
    if check is not None and check.drift:
        items.append(
            AttentionItem(
                kind="sweep_drift",
                title=ngettext(
                    "The daily check hid %(count)d published photo that consent no longer allowed",
                    "The daily check hid %(count)d published photos that consent no longer allowed",
                    check.drift,
                )
                % {"count": check.drift},
                url=url,
                detail=_("Found on %(day)s: a change of consent did not reach the photos.")
                % {"day": date_format(timezone.localtime(check.started_at), "SHORT_DATE_FORMAT")},
                overdue=True,
            )
        )
    late = check is None or check.started_at < timezone.now() - CHECK_LATE_AFTER
    if (
        late
        and Publication.objects.filter(board_id=board_id, status=Publication.Status.LIVE).exists()
    ):
        items.append(
            AttentionItem(
                kind="sweep_late",
                title=_("The daily check of published photos has not run"),
                url=url,
                detail=_("Make sure the task worker runs (schoolprivacy serve)."),
            )
        )
    return items
