"""Who decides for a pupil changed: other apps are told, in the transaction of the change.

Parental authority and parent links decide who holds consent (domain.md, Consent), so a change
to them can change what consent allows: a parent who granted loses authority, a link is
removed. The people app sits below the apps that act on consent, so it does not call them;
they register a listener here (the consent app writes an outbox event, which takes published
photos back where needed; docs/decisions/0016).

Every path that changes a link calls `holders_changed`: single saves and deletes through the
model signals connected in `PeopleConfig.ready` (the admin, cascades, the demo), bulk writes
(the import) explicitly.
"""

from collections.abc import Callable, Iterable
from typing import Any

from schoolprivacy.people.models import GuardianRelation

Listener = Callable[[list[int]], None]
_LISTENERS: list[Listener] = []


def listen(listener: Listener) -> None:
    """Register a listener; it runs inside the transaction of the change."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def holders_changed(*, pupil_ids: Iterable[int]) -> None:
    """Tell every listener that these pupils' parental authority or parent links changed."""
    ids = sorted({int(pk) for pk in pupil_ids})
    if not ids:
        return
    for listener in _LISTENERS:
        listener(ids)


def relation_saved(sender: Any, instance: GuardianRelation, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    holders_changed(pupil_ids=[instance.pupil_id])


def relation_deleted(sender: Any, instance: GuardianRelation, **kwargs: Any) -> None:
    holders_changed(pupil_ids=[instance.pupil_id])
