"""Reading pupil records, limited by `access.policy` and logged by `access.reads`.

Callers get the pupil through `access.policy.get_visible_pupil(user, id)` first; these selectors
still fail closed for a pupil the user may not see (no records, or DossierNotFound).

Read logging happens here, in the same transaction as the read: whenever special data or the
education number is returned, `log_dossier_opened` records who read which categories under which
rule or grant. A page that shows a whole dossier calls `dossier_for` once, which logs once.

Returned records are read views: `based_on_id` is cleared when the linked record is of a category
the reader may not see (a measure must not reveal that a diagnosis exists). Services re-read rows
before changing them, so such a view is never saved.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet

from schoolprivacy.access.policy import Decision, decide, is_protected, visible_categories
from schoolprivacy.access.reads import log_dossier_opened
from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.people.models import Pupil

EDUCATION_NUMBER = "pupil.education_number"


@dataclass(frozen=True)
class Dossier:
    """What one user may see of one pupil's dossier, as shown on the pupil page."""

    pupil: Pupil
    # Every pupil category the user may read now, with the policy's decision (taxonomy order).
    decisions: dict[str, Decision]
    records: list[Record]
    # Only when asked for, allowed (the administration) and present: showing it is a logged read.
    education_number: str | None


def _records(pupil: Pupil, keys: Iterable[str]) -> QuerySet[Record]:
    """One query: the records of these categories, with author and the linked record's category."""
    return (
        Record.objects.filter(board_id=pupil.board_id, pupil_id=pupil.pk)
        .filter(category_key__in=[k for k in keys if k in RECORD_CATEGORIES])
        .select_related("recorded_by__staff")
        .annotate(based_on_category=F("based_on__category_key"))
        .order_by("-recorded_at", "-id")
    )


def _hide_links(records: list[Record], decisions: Mapping[str, Decision]) -> list[Record]:
    for record in records:
        linked = getattr(record, "based_on_category", None)
        if record.based_on_id is not None and linked not in decisions:
            record.based_on_id = None
    return records


def _log(
    user: User, pupil: Pupil, decisions: Mapping[str, Decision], records: list[Record], channel: str
) -> None:
    shown = {r.category_key: decisions[r.category_key] for r in records}
    if any(is_protected(key) for key in shown):
        log_dossier_opened(user, pupil, shown, channel=channel)


@transaction.atomic
def records_for(
    user: User, pupil: Pupil, *, channel: str = "web", log_reads: bool = True
) -> list[Record]:
    """The pupil's records of every category the user may read now, newest first.

    Logs the read when special data is among them. `log_reads=False` only for a caller that logs
    everything it shows itself (`dossier_for` does).
    """
    decisions = visible_categories(user, pupil, keys=RECORD_CATEGORIES)
    if not decisions:
        return []
    records = _hide_links(list(_records(pupil, decisions)), decisions)
    if log_reads:
        _log(user, pupil, decisions, records, channel)
    return records


@transaction.atomic
def record_for(user: User, pupil: Pupil, record_id: int, *, channel: str = "web") -> Record:
    """One record, or DossierNotFound when it is not this pupil's or not for this user's eyes."""
    decisions = visible_categories(user, pupil, keys=RECORD_CATEGORIES)
    found = _hide_links(list(_records(pupil, decisions).filter(pk=record_id)), decisions)
    if not found:
        raise DossierNotFound
    _log(user, pupil, decisions, found, channel)
    return found[0]


@transaction.atomic
def education_number_for(user: User, pupil: Pupil, *, channel: str = "web") -> str | None:
    """The education number when the user may see it (and there is one); the read is logged."""
    decision = decide(user, pupil, EDUCATION_NUMBER)
    if not decision.allowed or not pupil.education_number:
        return None
    log_dossier_opened(user, pupil, {EDUCATION_NUMBER: decision}, channel=channel)
    return pupil.education_number


@transaction.atomic
def dossier_for(
    user: User, pupil: Pupil, *, show_education_number: bool = False, channel: str = "web"
) -> Dossier:
    """Everything the user may see of the pupil, with one read-log entry for all of it.

    The education number only with `show_education_number`: most visits need no national
    identifier, and every showing of it is a read the parents see.

    The log names the ordinary categories the user may see, and protected categories only when
    something of them is actually shown: a parent reading "the care coordinator read special
    data" must be able to trust that there was some.
    """
    decisions = visible_categories(user, pupil)
    if "pupil.identity" not in decisions:
        raise DossierNotFound
    records = _hide_links(list(_records(pupil, decisions)), decisions)
    allowed = show_education_number and EDUCATION_NUMBER in decisions
    number = pupil.education_number if allowed else ""
    shown = {key: d for key, d in decisions.items() if not is_protected(key)}
    shown |= {r.category_key: decisions[r.category_key] for r in records}
    if number:
        shown[EDUCATION_NUMBER] = decisions[EDUCATION_NUMBER]
    log_dossier_opened(user, pupil, shown, channel=channel)
    return Dossier(pupil, decisions, records, number or None)
