"""What the videos app asks of the privacy officer (issue 17): drift found by the daily check of
live video publications (videos/sweep.py), as photos/attention.py does for photos.

Drift is fixed when it is found (the video re-published with every face blurred, or taken
offline, and the location director told); it still needs the officer, because it means some path
changes consent without reaching the videos. The item stays until a later check finds none.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.videos.sweep import last_check


def attention_items(user: User) -> list[AttentionItem]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return []
    check = last_check(board_id)
    if check is None or not check.drift:
        return []
    return [
        AttentionItem(
            kind="video_sweep_drift",
            title=ngettext(
                "The daily check took back %(count)d published video that consent no longer "
                "allowed",
                "The daily check took back %(count)d published videos that consent no longer "
                "allowed",
                check.drift,
            )
            % {"count": check.drift},
            # The checks themselves; that page links to where consent effects that did not
            # arrive are retried (the same outbox carries consent to photos and videos).
            url=reverse("videos:checks"),
            detail=_(
                "Found on %(day)s: a change of consent did not reach the videos. The location "
                "directors were told which copies to remove."
            )
            % {"day": date_format(timezone.localtime(check.started_at), "SHORT_DATE_FORMAT")},
            overdue=True,
        )
    ]
