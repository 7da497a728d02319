"""What the requests app asks of the privacy officer (issue 17): every open rights request, with
its legal due date (GDPR art. 12(3)), every recipient to tell by hand of a correction or
erasure (GDPR art. 19), and every download link whose package could not be made because its
build kept stopping. The title names the kind and the school, not the child: the
officer opens the request to see more."""

from datetime import datetime, time

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.rights import handler_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.requests.build_recovery import MAX_RETRIES
from schoolprivacy.requests.clock import days_left
from schoolprivacy.requests.models import (
    OPEN_STATUSES,
    PackageBuild,
    PackageLink,
    RecipientNotice,
    Request,
)


def attention_items(user: User) -> list[AttentionItem]:
    board_id = handler_board_id(user)
    if board_id is None:
        return []
    today = timezone.localdate()
    items = []
    for request in (
        Request.objects.filter(board_id=board_id, status__in=OPEN_STATUSES)
        .select_related("school")
        .order_by("due_on", "id")
    ):
        left = days_left(request.due_on, today)
        items.append(
            AttentionItem(
                kind="request",
                title=_("%(kind)s request at %(school)s")
                % {"kind": request.get_kind_display().capitalize(), "school": request.school.name},
                url=reverse("requests:staff_detail", args=[request.pk]),
                # The end of the due day, in the board's time zone (Regulation 1182/71 art. 3(2)).
                due_at=timezone.make_aware(datetime.combine(request.due_on, time(23, 59))),
                detail=ngettext(
                    "%(status)s; %(days)d day left", "%(status)s; %(days)d days left", left
                )
                % {"status": request.get_status_display(), "days": left},
                overdue=left < 0,
            )
        )
    # GDPR art. 19: recipients without an address, to be told by hand (requests/notices.py).
    for notice in RecipientNotice.objects.filter(
        board_id=board_id, state=RecipientNotice.State.BY_HAND, request__isnull=False
    ).order_by("created_at", "id"):
        items.append(
            AttentionItem(
                kind="request_notice",
                title=_("Tell %(recipient)s of a %(cause)s (GDPR art. 19)")
                % {"recipient": notice.recipient_name, "cause": notice.get_cause_display()},
                url=reverse("requests:staff_detail", args=[notice.request_id]),
                due_at=None,
                detail=_("No email address is known: tell them yourself, then record it."),
                overdue=False,
            )
        )
    # Download links whose build kept stopping (the worker died, requests/build_recovery.py):
    # the parent has no copy. Until the link expires or a newer link is made for the request.
    newer = PackageLink.objects.filter(request=OuterRef("request"), pk__gt=OuterRef("pk"))
    for link in (
        PackageLink.objects.filter(
            board_id=board_id,
            build=PackageBuild.FAILED,
            retries__gte=MAX_RETRIES,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(Exists(newer))
        .select_related("request__school")
        .order_by("created_at", "id")
    ):
        items.append(
            AttentionItem(
                kind="request_package",
                title=_("Download of an access request at %(school)s could not be made")
                % {"school": link.request.school.name},
                url=reverse("requests:staff_detail", args=[link.request_id]),
                due_at=None,
                detail=ngettext(
                    "Started %(count)d time; the worker stopped before it was finished. "
                    "Make a new link for the requester.",
                    "Started %(count)d times; the worker stopped each time before it was "
                    "finished. Make a new link for the requester.",
                    link.retries + 1,
                )
                % {"count": link.retries + 1},
                overdue=False,
            )
        )
    # The same for erasures without a request (the nightly purge): one item per recipient.
    waiting: dict[str, int] = {}
    for name in RecipientNotice.objects.filter(
        board_id=board_id, state=RecipientNotice.State.BY_HAND, request__isnull=True
    ).values_list("recipient_name", flat=True):
        waiting[name] = waiting.get(name, 0) + 1
    for name, n in sorted(waiting.items()):
        items.append(
            AttentionItem(
                kind="purge_notice",
                title=_("Tell %(recipient)s of erasures by the retention purge (GDPR art. 19)")
                % {"recipient": name},
                url=reverse("requests:notices_by_hand"),
                detail=ngettext(
                    "%(count)d erasure; no email address is known: tell them, then record it.",
                    "%(count)d erasures; no email address is known: tell them, then record it.",
                    n,
                )
                % {"count": n},
            )
        )
    return items
