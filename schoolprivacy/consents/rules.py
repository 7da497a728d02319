"""The holder rules of consent, in one place (domain.md, Consent and Parents; UAVG art. 5).

1. Silence is no: without a decision on the current text version the status is "unanswered",
   which does not allow processing (opt-in).
2. A changed text needs fresh consent: only decisions on the newest published version count.
3. Under 16 the guardians with parental authority decide. A guardian without authority cannot
   (an information restriction does not matter here; authority does), nor can one whose link
   to the pupil has ended.
4. With joint authority one holder's consent is enough, but any holder's refusal or withdrawal
   wins.
5. From the 16th birthday only the pupil decides (UAVG art. 5). Decisions of the parents made
   before the birthday keep counting until the pupil decides otherwise.
6. While a dispute is open (the school learned that the parents disagree) the status is
   "disputed": processing stops until a location director resolves it.
7. Withdrawal is possible at any time; a yearly round may close only the collection of grants.

`derive` is pure; `consent_status` and `statuses_for_pupils` fetch the facts in a fixed number
of queries and call it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.consents.models import (
    ConsentDecision,
    ConsentDispute,
    Decision,
    Purpose,
    PurposeText,
)
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil

# UAVG art. 5: the age of consent for information society services, applied by Dutch schools to
# all consent-based processing (domain.md).
CONSENT_AGE = 16

GRANTED = "granted"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
UNANSWERED = "unanswered"
DISPUTED = "disputed"
STATUSES = (GRANTED, REFUSED, WITHDRAWN, UNANSWERED, DISPUTED)


class ConsentRuleError(ValidationError):
    """A decision the rules do not allow; the message is translated and can be shown as is."""

    def __init__(self, message: Promise | str, code: str) -> None:
        super().__init__(message, code=code)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ConsentStatus:
    status: str
    text_version: int | None
    decided_at: datetime | None
    decided_by_label: str
    allows_processing: bool
    # The ledger rows a "granted" rests on (every standing grant of the holders), so that what is
    # published on this consent can keep the proof (photos keep them per face).
    decision_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Holder:
    """Who decides for a pupil now: a guardian with authority, or the pupil (16+)."""

    guardian: Guardian | None
    is_pupil: bool
    label: str


def _as_of(on: date | datetime | None) -> datetime:
    if on is None:
        return timezone.now()
    if isinstance(on, datetime):
        return on
    # A date means "at the end of that day".
    return timezone.make_aware(datetime.combine(on, datetime.max.time()))


def decides_alone(pupil: Pupil, day: date) -> bool:
    """Rule 5: from the 16th birthday the pupil is the only holder."""
    return pupil.age_on(day) >= CONSENT_AGE


def sixteenth_birthday(pupil: Pupil) -> date:
    born = pupil.date_of_birth
    try:
        return born.replace(year=born.year + CONSENT_AGE)
    except ValueError:  # born on 29 February: the birthday is 1 March in other years
        return date(born.year + CONSENT_AGE, 3, 1)


def _label(decision: ConsentDecision) -> str:
    if decision.by_pupil:
        return str(_("the pupil"))
    assert decision.guardian is not None
    return decision.guardian.name


def derive(
    *,
    pupil: Pupil,
    text: PurposeText | None,
    decisions: Iterable[ConsentDecision],
    holder_ids: frozenset[int],
    disputed: bool,
    at: datetime,
) -> ConsentStatus:
    """Rules 1-6 on facts already fetched. `decisions` are this pupil's for this purpose."""
    if text is None:  # nothing published: nobody can have consented to anything
        return ConsentStatus(UNANSWERED, None, None, "", False)
    if disputed:  # rule 6
        return ConsentStatus(DISPUTED, text.version, None, "", False)
    current = sorted(
        (d for d in decisions if d.text_id == text.pk and d.decided_at <= at),
        key=lambda d: (d.decided_at, d.pk),
    )
    birthday = sixteenth_birthday(pupil)
    own = [d for d in current if d.by_pupil]
    if decides_alone(pupil, timezone.localdate(at)) and own:
        latest = own[-1]  # rule 5: the pupil's own word replaces the parents'
        return _status(latest.decision, text, latest, (latest.pk,))
    latest_per_holder: dict[int, ConsentDecision] = {}
    for d in current:
        # Rule 3: only guardians who hold authority; rule 5: only before the 16th birthday.
        if d.guardian_id in holder_ids and timezone.localdate(d.decided_at) < birthday:
            latest_per_holder[d.guardian_id] = d
    if not latest_per_holder:
        return ConsentStatus(UNANSWERED, text.version, None, "", False)
    standing = sorted(latest_per_holder.values(), key=lambda d: (d.decided_at, d.pk))
    negative = [d for d in standing if d.decision != Decision.GRANTED]
    if negative:  # rule 4: any refusal or withdrawal wins
        withdrawn = [d for d in negative if d.decision == Decision.WITHDRAWN]
        return _status(WITHDRAWN if withdrawn else REFUSED, text, (withdrawn or negative)[-1])
    return _status(GRANTED, text, standing[-1], tuple(d.pk for d in standing))


def _status(
    status: str, text: PurposeText, decision: ConsentDecision, grants: tuple[int, ...] = ()
) -> ConsentStatus:
    granted = status == GRANTED
    return ConsentStatus(
        status,
        text.version,
        decision.decided_at,
        _label(decision),
        granted,
        grants if granted else (),
    )


# --- Fetching the facts --------------------------------------------------------------------------


def current_texts(purposes: Sequence[Purpose], at: datetime) -> dict[int, PurposeText]:
    """The newest text published at `at`, per purpose ID (one query)."""
    found: dict[int, PurposeText] = {}
    texts = PurposeText.objects.filter(
        purpose__in=purposes, published_at__isnull=False, published_at__lte=at
    ).order_by("purpose_id", "version")
    for text in texts:
        found[text.purpose_id] = text  # ascending versions: the last one wins
    return found


def current_link(day: date) -> Q:
    """Rule 3 over time: a link counts until its end (`ends_on` is the first day it no longer
    holds, set when the pupil administration stops listing the guardian)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gt=day)


def _open_dispute(at: datetime) -> Q:
    return Q(opened_at__lte=at) & (Q(resolved_at__isnull=True) | Q(resolved_at__gt=at))


def statuses_for_pupils(
    pupils: Sequence[Pupil], purposes: Sequence[Purpose], *, on: date | datetime | None = None
) -> dict[tuple[int, int], ConsentStatus]:
    """Every (pupil ID, purpose ID) status, in four queries whatever the numbers."""
    at = _as_of(on)
    texts = current_texts(purposes, at)
    pupil_ids = [p.pk for p in pupils]
    holders: dict[int, set[int]] = {}
    for pupil_id, guardian_id in GuardianRelation.objects.filter(
        current_link(timezone.localdate(at)), pupil_id__in=pupil_ids, has_parental_authority=True
    ).values_list("pupil_id", "guardian_id"):
        holders.setdefault(pupil_id, set()).add(guardian_id)
    decisions: dict[tuple[int, int], list[ConsentDecision]] = {}
    for d in ConsentDecision.objects.filter(
        pupil_id__in=pupil_ids, text__in=list(texts.values()), decided_at__lte=at
    ).select_related("guardian"):
        decisions.setdefault((d.pupil_id, d.purpose_id), []).append(d)
    disputed = set(
        ConsentDispute.objects.filter(_open_dispute(at), pupil_id__in=pupil_ids).values_list(
            "pupil_id", "purpose_id"
        )
    )
    return {
        (pupil.pk, purpose.pk): derive(
            pupil=pupil,
            text=texts.get(purpose.pk),
            decisions=decisions.get((pupil.pk, purpose.pk), ()),
            holder_ids=frozenset(holders.get(pupil.pk, ())),
            disputed=(pupil.pk, purpose.pk) in disputed,
            at=at,
        )
        for pupil in pupils
        for purpose in purposes
    }


def consent_status(
    pupil: Pupil, purpose: Purpose, *, on: date | datetime | None = None
) -> ConsentStatus:
    """The status of one pupil's consent for one purpose at `on` (default: now)."""
    return statuses_for_pupils([pupil], [purpose], on=on)[(pupil.pk, purpose.pk)]


def holders_for(pupil: Pupil, *, on: date | None = None) -> list[Holder]:
    """Who decides now (rules 3 and 5): the pupil from 16, else the guardians with authority."""
    day = on or timezone.localdate()
    if decides_alone(pupil, day):
        return [Holder(None, True, str(_("the pupil")))]
    relations = GuardianRelation.objects.filter(
        current_link(day), pupil=pupil, has_parental_authority=True
    ).select_related("guardian")
    return [Holder(r.guardian, False, r.guardian.name) for r in relations]
