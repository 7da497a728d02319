"""When parental authority or a parent link changes, consent may allow less than before.

Registered with `people.changes` by `ConsentsConfig.ready`. In the transaction of the change it
locks the pupils (consents/locks.py) and writes one HOLDERS_CHANGED outbox event for each pupil
who has any consent decision: without one the status is "unanswered" before and after, so
nothing published can depend on it.
"""

from collections import defaultdict

from schoolprivacy.consents import locks, outbox
from schoolprivacy.consents.models import ConsentDecision, EventKind
from schoolprivacy.people.models import Pupil


def holders_changed(pupil_ids: list[int]) -> None:
    locks.pupils_lock(pupil_ids)
    with_decisions = set(
        ConsentDecision.objects.filter(pupil_id__in=pupil_ids).values_list("pupil_id", flat=True)
    )
    if not with_decisions:
        return
    by_board: dict[int, list[int]] = defaultdict(list)
    for pk, board_id in Pupil.objects.filter(pk__in=with_decisions).values_list("pk", "board_id"):
        by_board[board_id].append(pk)
    for board_id, ids in by_board.items():
        outbox.events_add_for_pupils(
            kind=EventKind.HOLDERS_CHANGED, board_id=board_id, pupil_ids=ids
        )
