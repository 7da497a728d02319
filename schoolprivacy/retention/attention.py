"""What the retention app asks of the privacy officer (the workspace, issue 17): a purge run
that failed or stalled, a purge that waits for a preview while data is past its rule, and
erasure dry runs waiting for confirmation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.access.retention_rights import erasure_board_id, retention_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem
from schoolprivacy.people.models import Pupil
from schoolprivacy.retention.first_run import board_wide_label, is_too_old, newest_preview
from schoolprivacy.retention.models import PurgeRun, PurgeWait, SubjectErasure
from schoolprivacy.schools.models import School

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
        items.extend(_waiting_for_a_preview(board_id))
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


def _waiting_for_a_preview(board_id: int) -> list[AttentionItem]:
    """The last run was refused for want of a preview while items were past their rule: the
    parts the officer has not looked at since (a fresh preview made after the refusal lets the
    next night's run try again; if it is refused again, the item comes back)."""
    wait = PurgeWait.objects.filter(board_id=board_id, due__gt=0).first()
    if wait is None:
        return []
    schools = {s.pk: s for s in School.objects.filter(board_id=board_id)}
    parts: list[School | None] = []
    for part in wait.parts:
        school = schools.get(part["school"]) if part["school"] is not None else None
        if part["school"] is not None and school is None:
            continue  # the school is gone
        seen = newest_preview(board_id, school)
        if seen is not None and seen.made_at > wait.noted_at and not is_too_old(seen):
            continue
        parts.append(school)
    if not parts:
        return []
    url = reverse("retention:preview")
    if len(parts) == 1 and parts[0] is not None:
        url += f"?school={parts[0].pk}"
    names = ", ".join(p.name if p is not None else board_wide_label() for p in parts)
    return [
        AttentionItem(
            kind="purge_preview",
            title=_("The retention purge waits for your preview"),
            url=url,
            detail=ngettext(
                "%(count)d item is past its retention period and stays until you have looked "
                "at the preview of: %(parts)s.",
                "%(count)d items are past their retention period and stay until you have looked "
                "at the preview of: %(parts)s.",
                wait.due,
            )
            % {"count": wait.due, "parts": names},
            overdue=True,
        )
    ]
