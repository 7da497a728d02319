"""Emails to the people who decide: consent is asked for, or a text changed (fresh consent).

Only IDs travel through the task queue; addresses and names are read when the task runs. One
email per recipient per purpose, naming their children. Recipients:

- guardians with parental authority of current pupils under 16 at a school the purpose applies
  to, who have an email address and no information restriction (a restricted parent gets
  information only through the school, so not by email either; they can still use a paper form);
- pupils aged 16+ with an account, who decide themselves (UAVG art. 5).

Who enqueues `send_consent_request` is up to the consent services (publishing a text, opening a
round); it is idempotent only per call, so callers enqueue it once per event.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.rules import decides_alone, statuses_for_pupils
from schoolprivacy.people.models import GuardianRelation, Pupil

REQUESTED = "requested"
TEXT_CHANGED = "text_changed"
# A yearly round's reminder before its deadline; only to those who have not answered.
REMINDER = "reminder"
REASONS = (REQUESTED, TEXT_CHANGED, REMINDER)


@dataclass
class Recipient:
    email: str
    children: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _pupils(purpose: Purpose, school_id: int | None = None) -> list[Pupil]:
    today = timezone.localdate()
    rows = Pupil.objects.filter(board_id=purpose.board_id).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    if school_id is not None:
        rows = rows.filter(school_id=school_id)
    if purpose.school_id is not None:
        rows = rows.filter(school_id=purpose.school_id)
    else:
        # A school-level purpose with the same key replaces the board's for that school.
        overridden = Purpose.objects.filter(
            board_id=purpose.board_id, key=purpose.key, school__isnull=False
        ).values("school_id")
        rows = rows.exclude(school_id__in=overridden)
    return list(rows.select_related("user"))


def recipients_for(
    purpose: Purpose, *, school_id: int | None = None, only_unanswered: bool = False
) -> list[Recipient]:
    today = timezone.localdate()
    pupils = _pupils(purpose, school_id)
    if only_unanswered:
        statuses = statuses_for_pupils(pupils, [purpose])
        pupils = [p for p in pupils if statuses[(p.pk, purpose.pk)].status == "unanswered"]
    by_email: dict[str, Recipient] = {}
    under_16 = {p.pk: p for p in pupils if not decides_alone(p, today)}
    relations = GuardianRelation.objects.filter(
        pupil_id__in=list(under_16), has_parental_authority=True, information_restriction=""
    ).select_related("guardian")
    for relation in relations:
        email = relation.guardian.email.strip().lower()
        if not email:
            continue
        pupil = under_16[relation.pupil_id]
        entry = by_email.setdefault(email, Recipient(email))
        entry.children.append(pupil.first_name)
        entry.links.append(reverse("consents:portal_detail", args=[pupil.pk, purpose.pk]))
    for pupil in pupils:
        user = pupil.user
        if pupil.pk in under_16 or user is None or not user.is_active or not user.email:
            continue
        entry = by_email.setdefault(user.email.lower(), Recipient(user.email.lower()))
        entry.links.append(reverse("consents:pupil_detail", args=[purpose.pk]))
    return list(by_email.values())


@task()
def send_consent_request(*, purpose_id: int, reason: str, school_id: int | None = None) -> int:
    """Email every recipient about `purpose_id`; returns how many emails were sent.

    A reminder goes only to the holders of pupils whose answer is still missing, optionally of
    one school (a school's own round).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    purpose = Purpose.objects.filter(pk=purpose_id, is_active=True).first()
    if purpose is None:
        return 0
    sent = 0
    recipients = recipients_for(purpose, school_id=school_id, only_unanswered=reason == REMINDER)
    for recipient in recipients:
        # Guardians have no language preference on file yet: Dutch, the product's default.
        with translation.override("nl"):
            context = {
                "purpose": purpose,
                "reason": reason,
                "children": recipient.children,
                "urls": [settings.SITE_URL + link for link in recipient.links],
            }
            subject = render_to_string("consents/email/request_subject.txt", context).strip()
            body = render_to_string("consents/email/request.txt", context)
        EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
        sent += 1
    return sent
