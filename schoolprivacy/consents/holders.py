"""When parental authority or a parent link changes, consent may allow less than before.

Registered with `people.changes` by `ConsentsConfig.ready`. In the transaction of the change it
locks the pupils (consents/locks.py) and writes one HOLDERS_CHANGED outbox event for each pupil
who has any consent decision: without one the status is "unanswered" before and after, so
nothing published can depend on it.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from schoolprivacy.consents import locks, outbox
from schoolprivacy.consents.models import ConsentDecision, EventKind
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import GuardianRelation, Pupil


def holders_changed(pupil_ids: list[int]) -> None:
    if not pupil_ids:
        return
    locks.pupils_lock(pupil_ids)
    with_decisions = set(
        ConsentDecision.objects.filter(any_of("pupil_id", pupil_ids)).values_list(
            "pupil_id", flat=True
        )
    )
    if not with_decisions:
        return
    by_board: dict[int, list[int]] = defaultdict(list)
    pupils = Pupil.objects.filter(any_of("pk", with_decisions))
    for pk, board_id in pupils.values_list("pk", "board_id"):
        by_board[board_id].append(pk)
    for board_id, ids in by_board.items():
        outbox.events_add_for_pupils(
            kind=EventKind.HOLDERS_CHANGED, board_id=board_id, pupil_ids=ids
        )


def links_ended_notify(*, day: date) -> int:
    """A link whose end date came (set ahead, or by yesterday's import) changes the holders by
    time alone: write the events that a save would have written. Run nightly, before the check of
    published photos. Returns how many pupils were named."""
    pupil_ids = list(
        GuardianRelation.objects.filter(ends_on__gt=day - timedelta(days=2), ends_on__lte=day)
        .values_list("pupil_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        holders_changed(pupil_ids)
    return len(pupil_ids)
