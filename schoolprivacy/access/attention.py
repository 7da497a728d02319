"""What the access app asks of the privacy officer: emergency accesses to review (issue 17)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.emergency_review import review_due, unreviewed_for_officer
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem


def attention_items(user: User) -> list[AttentionItem]:
    now = timezone.now()
    items = []
    for access in unreviewed_for_officer(user):
        due = review_due(access)
        items.append(
            AttentionItem(
                kind="break_glass",
                title=_("Review emergency access by %(staff)s to %(pupil)s")
                % {"staff": access.staff.name, "pupil": access.pupil.name},
                url=reverse("access:break_glass_review", args=[access.pk]),
                due_at=due,
                detail=_("Opened at %(school)s") % {"school": access.pupil.school.name},
                overdue=due < now,
            )
        )
    return items
