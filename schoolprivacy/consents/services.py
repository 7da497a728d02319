"""Writes of the consent app: `<noun>_<verb>(*, ...)`, in a transaction, audited.

Rule checks live in `consents.rules` (holders, age, versions); who may record what is checked
here. Withdrawals, refusals replacing a grant and disputes write a ConsentEvent in the same
transaction (outbox, see consents/outbox.py).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.duties import Duty, may_for_pupil
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents import locks, outbox
from schoolprivacy.consents.defaults import default_purposes
from schoolprivacy.consents.disputes import dispute_create, dispute_open, dispute_resolve
from schoolprivacy.consents.models import (
    ConsentDecision,
    ConsentDispute,
    ConsentRound,
    Decision,
    EventKind,
    Method,
    Purpose,
    PurposeText,
)
from schoolprivacy.consents.notifications import send_consent_request
from schoolprivacy.consents.rules import (
    REFUSED,
    WITHDRAWN,
    ConsentRuleError,
    consent_status,
    current_link,
    current_texts,
    decides_alone,
    sixteenth_birthday,
)
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board


@transaction.atomic
def purposes_install_defaults(
    *, board: Board, actor_id: int | None, channel: str = "web"
) -> list[Purpose]:
    """Give the board every default purpose (with a published first text) it lacks. Idempotent."""
    Board.objects.select_for_update().filter(pk=board.pk).exists()
    present = set(
        Purpose.objects.filter(board=board, school__isnull=True).values_list("key", flat=True)
    )
    activities = dict(ProcessingActivity.objects.filter(board=board).values_list("key", "pk"))
    # Bulk inserts: `seed` builds many boards and must stay cheap in queries.
    specs = [spec for spec in default_purposes() if spec.key not in present]
    created = Purpose.objects.bulk_create(
        Purpose(
            board=board,
            key=spec.key,
            name=spec.name,
            name_en=spec.name_en,
            channel_kind=spec.channel_kind,
            activity_id=activities.get(spec.activity),
        )
        for spec in specs
    )
    now = timezone.now()
    PurposeText.objects.bulk_create(
        PurposeText(
            board=board,
            purpose=purpose,
            version=1,
            text_nl=spec.text_nl,
            text_en=spec.text_en,
            published_at=now,
        )
        for purpose, spec in zip(created, specs, strict=True)
    )
    if created:
        audit_record(
            action="consents.purposes.installed",
            board_id=board.pk,
            actor_id=actor_id,
            context={"count": len(created)},
            channel=channel,
        )
    return created


@transaction.atomic
def purpose_text_publish(
    *, actor: User, purpose: Purpose, text_nl: str, text_en: str = "", channel: str = "web"
) -> PurposeText:
    """Publish a new text version. Earlier decisions no longer cover it (fresh consent)."""
    locks.purposes_lock([purpose.pk])
    Purpose.objects.select_for_update().filter(pk=purpose.pk).exists()
    last = purpose.texts.order_by("-version").values_list("version", flat=True).first() or 0
    text = PurposeText.objects.create(
        board_id=purpose.board_id,
        purpose=purpose,
        version=last + 1,
        text_nl=text_nl,
        text_en=text_en,
        published_at=timezone.now(),
    )
    audit_record(
        action="consents.text.published",
        board_id=purpose.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PURPOSE_TEXT, text.pk)],
        fields=["text_nl", "text_en"],
        context={"purpose": purpose.key, "version": text.version},
        channel=channel,
    )
    # Decisions on the old version no longer count: everything published on them is checked
    # again (docs/decisions/0016).
    outbox.event_add(kind=EventKind.TEXT_PUBLISHED, purpose=purpose)
    # Ask the holders after the commit: the first text is a request, a later one needs fresh
    # consent because decisions on an old version no longer count (domain.md, Consent).
    reason = "text_changed" if last else "requested"
    transaction.on_commit(
        lambda: send_consent_request.enqueue(purpose_id=purpose.pk, reason=reason)
    )
    return text


def _check_actor(actor: User, pupil: Pupil, method: str, guardian: Guardian | None) -> None:
    """Portal: only the deciding person. Paper: administration or director of the school."""
    if method == Method.PORTAL:
        own = guardian.user_id if guardian is not None else pupil.user_id
        if own is None or own != actor.pk:
            raise PermissionDenied
        return
    # Who records paper forms is `Duty.RECORD_PAPER_CONSENT` (access.duties).
    if not may_for_pupil(actor, Duty.RECORD_PAPER_CONSENT, pupil):
        raise PermissionDenied


def _check_holder(pupil: Pupil, guardian: Guardian | None, by_pupil: bool, day: datetime) -> None:
    if (guardian is None) == (not by_pupil):
        raise ConsentRuleError(_("Say who decided: one parent or the pupil."), "decider")
    if decides_alone(pupil, timezone.localdate(day)):
        if guardian is not None:  # UAVG art. 5: from 16 only the pupil decides
            raise ConsentRuleError(
                _("This pupil is 16 or older and decides about consent themselves."), "pupil_16"
            )
        return
    if by_pupil:
        raise ConsentRuleError(
            _("Until the pupil turns 16 a parent with parental authority decides."), "under_16"
        )
    # domain.md: a parent without authority cannot consent; an information restriction does not
    # matter here, authority does.
    if not GuardianRelation.objects.filter(
        current_link(timezone.localdate(day)),
        pupil=pupil,
        guardian=guardian,
        has_parental_authority=True,
    ).exists():
        raise ConsentRuleError(
            _("Only a parent with parental authority can decide about consent."), "no_authority"
        )


def collection_closed(pupil: Pupil, purpose: Purpose, day: datetime) -> bool:
    """A round's deadline closes the collection of new grants (never withdrawal; domain.md)."""
    day_ = timezone.localdate(day)
    latest = (
        ConsentRound.objects.filter(board_id=pupil.board_id, purposes=purpose, opens_on__lte=day_)
        .filter(Q(school__isnull=True) | Q(school_id=pupil.school_id))
        .order_by("-opens_on", "-pk")
        .first()
    )
    return bool(latest and latest.closes_collection and timezone.localdate(day) > latest.deadline)


def _same_as_standing(
    pupil: Pupil,
    purpose: Purpose,
    text: PurposeText,
    decision: str,
    guardian: Guardian | None,
    by_pupil: bool,
    method: str,
    reference: str,
) -> ConsentDecision | None:
    """The holder's latest decision on this text, when this one repeats it (a double click, ten
    tabs, a retried request). A second paper form with its own reference is new evidence and is
    recorded."""
    mine = ConsentDecision.objects.filter(pupil=pupil, purpose=purpose, text=text)
    mine = mine.filter(by_pupil=True) if by_pupil else mine.filter(guardian=guardian)
    latest = mine.order_by("-decided_at", "-pk").first()
    if latest is None or latest.decision != decision:
        return None
    if method == Method.PAPER and latest.reference != reference.strip():
        return None
    return latest


@transaction.atomic
def consent_decide(
    *,
    actor: User,
    pupil: Pupil,
    purpose: Purpose,
    decision: str,
    by_guardian: Guardian | None = None,
    by_pupil: bool = False,
    method: str,
    reference: str = "",
    evidence: str = "",
    decided_at: datetime | None = None,
    channel: str = "web",
) -> ConsentDecision:
    """Record one decision on the purpose's current text, after checking every rule.

    Raises ConsentRuleError (a ValidationError with a translated message and a code) when the
    rules forbid it, PermissionDenied when `actor` may not record it.
    """
    now = timezone.now()
    when = decided_at or now
    if when > now:  # a paper form is dated when it was signed, never later than today
        raise ConsentRuleError(_("A decision cannot be dated in the future."), "future")
    if decision not in Decision.values or method not in Method.values:
        raise ConsentRuleError(_("Unknown decision or method."), "invalid")
    applies = purpose.board_id == pupil.board_id and purpose.school_id in (None, pupil.school_id)
    # A purpose of an earlier school: withdrawing or refusing what was given there stays possible.
    earlier = (
        purpose.board_id == pupil.board_id
        and decision != Decision.GRANTED
        and ConsentDecision.objects.filter(pupil=pupil, purpose=purpose).exists()
    )
    if not (applies or earlier):
        raise ConsentRuleError(_("This purpose does not apply to this pupil."), "purpose")
    _check_actor(actor, pupil, method, by_guardian)
    _check_holder(pupil, by_guardian, by_pupil, when)
    if method == Method.PAPER and not reference.strip():
        raise ConsentRuleError(_("A paper form needs its reference."), "reference")
    text = current_texts([purpose], when).get(purpose.pk)
    if text is None:
        raise ConsentRuleError(_("This purpose has no published text yet."), "no_text")
    if decision == Decision.GRANTED:
        if not purpose.is_active:
            raise ConsentRuleError(_("This purpose is no longer in use."), "inactive")
        if collection_closed(pupil, purpose, when):
            raise ConsentRuleError(_("The deadline for giving consent has passed."), "round_closed")
    # Serialise with other changes of this pupil's consent and with publications that rely on
    # it (consents/locks.py); everything below reads the facts as they are once we hold it.
    locks.pupils_lock([pupil.pk])
    repeated = _same_as_standing(
        pupil, purpose, text, decision, by_guardian, by_pupil, method, reference
    )
    if repeated is not None:
        return repeated  # idempotent: a double click or a retried request records nothing new
    # The effect is judged on the status *now*, before and after: a paper form signed earlier
    # and entered today changes today's status (and what is published today) all the same.
    before = consent_status(pupil, purpose)
    row = ConsentDecision.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        purpose=purpose,
        text=text,
        decision=decision,
        guardian=by_guardian,
        by_pupil=by_pupil,
        method=method,
        reference=reference.strip(),
        evidence=evidence.strip(),
        decided_at=when,
        recorded_by=actor,
    )
    audit_record(
        action=f"consents.decision.{decision}",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, pupil.pk),
            Subject(subject_types.CONSENT_DECISION, row.pk),
        ],
        fields=["decision"],
        context={
            "purpose": purpose.key,
            "version": text.version,
            "method": method,
            "by": "pupil" if by_pupil else "guardian",
        },
        channel=channel,
    )
    after = consent_status(pupil, purpose)
    if decision == Decision.WITHDRAWN:
        outbox.event_add(kind=EventKind.WITHDRAWN, pupil=pupil, purpose=purpose)
    elif decision == Decision.REFUSED and before.allows_processing and not after.allows_processing:
        outbox.event_add(kind=EventKind.REFUSED, pupil=pupil, purpose=purpose)
    elif decision == Decision.GRANTED and by_guardian is not None:
        at_when = consent_status(pupil, purpose, on=when)
        # Decided (see docs/decisions/0010): a grant while another holder's refusal stands on
        # the same text means the parents disagree; the school now knows, so it is disputed.
        if at_when.status in (REFUSED, WITHDRAWN):  # this holder's grant is the latest
            dispute_create(
                actor=None,
                pupil=pupil,
                purpose=purpose,
                when=when,
                because=ConsentDispute.Opened.HOLDERS_DISAGREE,
                channel=channel,
            )
    return row


@transaction.atomic
def coming_of_age_notify(*, board: Board, on: datetime | None = None) -> int:
    """Queue the one-time notice for every pupil who turned 16 and had parental decisions."""
    day = timezone.localdate(on or timezone.now())
    born_before = (
        day.replace(year=day.year - 16)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - 16, day=28)
    )
    pupils = (
        Pupil.objects.filter(
            board=board, date_of_birth__lte=born_before, consent_decisions__guardian__isnull=False
        )
        .exclude(pk__in=outbox.notified_pupil_ids(board.pk))
        .distinct()
    )
    count = 0
    for pupil in pupils:
        if sixteenth_birthday(pupil) <= day:
            outbox.notice_add(pupil=pupil)
            count += 1
    if count:
        audit_record(
            action="consents.notice.queued",
            board_id=board.pk,
            actor_id=None,
            context={"count": count},
            channel="task",
        )
    return count


# Disputes live in consents/disputes.py; these are part of the services API as well.
__all__ = [
    "coming_of_age_notify",
    "consent_decide",
    "dispute_open",
    "dispute_resolve",
    "purpose_text_publish",
    "purposes_install_defaults",
]
