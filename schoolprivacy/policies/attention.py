"""What the policies app asks of the privacy officer (issue 17): a DPIA that is needed but not
done, a DPIA review that is due within a month or late, an approved policy version waiting to be
published, and a data protection officer the statements cannot name."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.policies.dpia import dpias_for_officer
from schoolprivacy.policies.models import Decision, PolicyVersion
from schoolprivacy.policies.selectors import contacts_for

# A review shows up a month before its date, time enough to plan it with the supplier.
REVIEW_NOTICE = timedelta(days=30)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def attention_items(user: User) -> list[AttentionItem]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return []
    now = timezone.now()
    items = []
    for dpia in dpias_for_officer(user):
        url = reverse("policies:dpia", args=[dpia.pk])
        if dpia.needed and dpia.performed_on is None:
            items.append(
                AttentionItem(
                    kind="dpia",
                    title=_("A DPIA is needed for %(name)s") % {"name": dpia.subject_name},
                    url=url,
                    detail=", ".join(str(c) for c in dpia.criteria_labels),
                )
            )
        elif dpia.review_on is not None:
            due = _end_of(dpia.review_on)
            if due - now <= REVIEW_NOTICE:
                items.append(
                    AttentionItem(
                        kind="dpia",
                        title=_("Review the DPIA of %(name)s") % {"name": dpia.subject_name},
                        url=url,
                        due_at=due,
                        overdue=due < now,
                    )
                )
    waiting = PolicyVersion.objects.filter(
        board_id=board_id, council_decision=Decision.CONSENTED, published_at__isnull=True
    ).select_related("document")
    for version in waiting:
        if version.document.versions.filter(number__gt=version.number).exists():
            continue
        items.append(
            AttentionItem(
                kind="policy",
                title=_("Publish version %(number)s of %(title)s")
                % {"number": version.number, "title": version.document.title},
                url=reverse("policies:version", args=[version.pk]),
                detail=_("The council consented; parents are told once it is published."),
            )
        )
    contacts = contacts_for(board_id)
    if contacts is None or not contacts.dpo_name or not contacts.dpo_email:
        items.append(
            AttentionItem(
                kind="policy",
                title=_("Record the data protection officer's name and contact details"),
                url=reverse("policies:contacts"),
                detail=_("The privacy statements must name the data protection officer."),
            )
        )
    return items
