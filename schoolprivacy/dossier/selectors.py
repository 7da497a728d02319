"""Reading pupil records, limited by `access.policy` and logged by `access.reads`.

Callers get the pupil through `access.pupil_search.get_pupil_for_user(user, id)` first; the
selector still fails closed (DossierNotFound) for a pupil the user may not see.

Read logging happens here, in the same transaction as the read: `dossier_for` is the only read of
records and the education number (the staff pupil page and the API call it; there is no second
path), and `log_dossier_opened` records who read which categories under which rule or grant,
once per call.

Returned records are read views: `based_on_id` is cleared when the linked record is of a category
the reader may not see (a measure must not reveal that a diagnosis exists). Services re-read rows
before changing them, so such a view is never saved.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet

from schoolprivacy.access.policy import Decision, is_protected, visible_categories
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


@transaction.atomic
def dossier_for(
    user: User,
    pupil: Pupil,
    *,
    show_education_number: bool = False,
    with_records: bool = True,
    channel: str = "web",
    also_shown: Mapping[str, Decision] | None = None,
) -> Dossier:
    """Everything the user may see of the pupil, with one read-log entry for all of it.

    The one way the pupil page and the API read a dossier: DossierNotFound for a pupil whose name
    the user may not see. The education number only with `show_education_number`: most visits
    need no national identifier, and every showing of it is a read the parents see. Without
    `with_records` no record is read (an API call for the pupil alone), so none is logged.

    The log names the ordinary categories the user may see, and protected categories only when
    something of them is actually shown: a parent reading "the care coordinator read special
    data" must be able to trust that there was some.
    """
    decisions = visible_categories(user, pupil)
    if "pupil.identity" not in decisions:
        raise DossierNotFound
    records = _hide_links(list(_records(pupil, decisions)), decisions) if with_records else []
    allowed = show_education_number and EDUCATION_NUMBER in decisions
    number = pupil.education_number if allowed else ""
    shown = {key: d for key, d in decisions.items() if not is_protected(key)}
    shown |= {r.category_key: decisions[r.category_key] for r in records}
    if number:
        shown[EDUCATION_NUMBER] = decisions[EDUCATION_NUMBER]
    # Other parts of the same page read elsewhere (the guardians section), in the same entry.
    shown |= {key: d for key, d in (also_shown or {}).items() if d.allowed}
    log_dossier_opened(user, pupil, shown, channel=channel)
    return Dossier(pupil, decisions, records, number or None)
