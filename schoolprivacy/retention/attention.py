"""What the retention app asks of the privacy officer (the workspace, issue 17): a purge run
that failed or stalled, and erasure dry runs waiting for confirmation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.retention_rights import erasure_board_id, retention_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.people.models import Pupil
from schoolprivacy.retention.models import PurgeRun, SubjectErasure

# A nightly run that has not finished after this long was killed or is stuck: the next night's
# run resumes it, but the officer should know.
STALLED_AFTER = timedelta(hours=12)
# An erasure's dry run goes stale: after this, confirming it is overdue.
CONFIRM_WITHIN = timedelta(days=7)


def attention_items(user: User) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    now = timezone.now()
    board_id = retention_board_id(user)
    if board_id is not None:
        last = PurgeRun.objects.filter(board_id=board_id).order_by("-started_at", "-pk").first()
        stalled = (
            last is not None
            and last.status == PurgeRun.Status.RUNNING
            and last.started_at < now - STALLED_AFTER
        )
        if last is not None and (last.status == PurgeRun.Status.FAILED or stalled):
            items.append(
                AttentionItem(
                    kind="purge",
                    title=_("The retention purge did not finish"),
                    url=reverse("retention:preview"),
                    detail=_("%(done)d of %(total)d people checked; the next run resumes it.")
                    % {"done": last.subjects_done, "total": last.subjects_total},
                    overdue=True,
                )
            )
    board_id = erasure_board_id(user)
    if board_id is None:
        return items
    waiting = SubjectErasure.objects.filter(
        board_id=board_id, status=SubjectErasure.Status.PLANNED, subject_kind="pupil"
    ).order_by("planned_at")
    names = {
        p.pk: p
        for p in Pupil.objects.filter(
            board_id=board_id, pk__in=[e.subject_id for e in waiting]
        ).select_related("school")
    }
    seen: set[int] = set()
    for erasure in waiting:
        pupil = names.get(erasure.subject_id)
        if pupil is None or pupil.pk in seen:
            continue
        seen.add(pupil.pk)
        due = erasure.planned_at + CONFIRM_WITHIN
        url = reverse("retention:erasure", args=[pupil.pk]) + f"?erasure={erasure.pk}"
        items.append(
            AttentionItem(
                kind="erasure",
                title=_("Confirm the erasure of %(pupil)s's data") % {"pupil": pupil.name},
                url=url,
                due_at=due,
                detail=_("Dry run made at %(school)s") % {"school": pupil.school.name},
                overdue=due < now,
            )
        )
    return items
