"""Reminders before a request's deadline (issue 14 item 3), sent by a daily task.

A request is reminded of once when `REMINDER_DAYS[0]` days or fewer are left, again at
`REMINDER_DAYS[1]`, and every day once it is overdue. `reminded_on` records the last one, so a
second run on the same day (two workers, a restart) sends nothing twice: the row is locked while
it is decided.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.rights import handler_emails
from schoolprivacy.requests.clock import days_left
from schoolprivacy.requests.models import OPEN_STATUSES, Request

# Days before the due date on which the privacy officer is reminded.
REMINDER_DAYS = (7, 2)


def needs_reminder(due_on: date, reminded_on: date | None, today: date) -> bool:
    left = days_left(due_on, today)
    if reminded_on == today:
        return False
    if left < 0:
        return True
    for threshold in REMINDER_DAYS:
        if left <= threshold and (
            reminded_on is None or reminded_on < due_on - timedelta(days=threshold)
        ):
            return True
    return False


def requests_remind(*, today: date) -> int:
    """Email the privacy officer of each board about requests near or past their deadline.

    Returns how many requests were reminded of. The email names the kind, school and due date,
    never the child: the details are behind sign-in.
    """
    horizon = today + timedelta(days=REMINDER_DAYS[0])
    sent = 0
    board_ids = (
        Request.objects.filter(status__in=OPEN_STATUSES, due_on__lte=horizon)
        .values_list("board_id", flat=True)
        .distinct()
    )
    for board_id in list(board_ids):
        with transaction.atomic():
            due = [
                r
                for r in Request.objects.select_for_update()
                .filter(board_id=board_id, status__in=OPEN_STATUSES, due_on__lte=horizon)
                .select_related("school")
                .order_by("due_on", "id")
                if needs_reminder(r.due_on, r.reminded_on, today)
            ]
            recipients = handler_emails(board_id)
            if not due or not recipients:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                lines = [
                    ngettext(
                        "%(kind)s #%(id)d at %(school)s: due %(due)s, %(days)d day left",
                        "%(kind)s #%(id)d at %(school)s: due %(due)s, %(days)d days left",
                        days_left(r.due_on, today),
                    )
                    % {
                        "kind": r.get_kind_display().capitalize(),
                        "id": r.pk,
                        "school": r.school.name,
                        "due": r.due_on.isoformat(),
                        "days": days_left(r.due_on, today),
                    }
                    for r in due
                ]
                subject = _("Rights requests near their deadline")
                body = "\n".join([*lines, "", settings.SITE_URL + reverse("requests:staff_queue")])
            EmailMessage(subject=subject, body=body, to=recipients).send()
            Request.objects.filter(pk__in=[r.pk for r in due]).update(reminded_on=today)
            sent += len(due)
    return sent
