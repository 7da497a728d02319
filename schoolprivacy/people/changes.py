"""Who decides for a pupil changed: other apps are told, in the transaction of the change.

Parental authority and parent links decide who holds consent (domain.md, Consent), so a change
to them can change what consent allows: a parent who granted loses authority, a link is
removed. The people app sits below the apps that act on consent, so it does not call them;
they register a listener here (the consent app writes an outbox event, which takes published
photos back where needed; docs/decisions/0016).

Every path that changes a link, or a pupil's date of birth or school, calls `holders_changed`:
single saves and deletes through the model signals connected in `PeopleConfig.ready` (the admin,
cascades, the demo), bulk writes (the import and its undo, imports/undo.py) explicitly.
"""

from collections.abc import Callable, Iterable
from typing import Any

from schoolprivacy.people.models import GuardianRelation, Pupil

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


def relation_before_save(sender: Any, instance: GuardianRelation, **kwargs: Any) -> None:
    """Remember which pupil the link belonged to: a link moved to another child changes the
    holders of both."""
    fields = kwargs.get("update_fields")
    if fields is not None and "pupil" not in fields and "pupil_id" not in fields:
        return  # the pupil is not being changed
    if instance.pk is not None and not kwargs.get("raw"):
        old = GuardianRelation.objects.filter(pk=instance.pk).values_list("pupil_id", flat=True)
        instance._pupil_before = old.first()  # type: ignore[attr-defined]


def relation_saved(sender: Any, instance: GuardianRelation, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    before = getattr(instance, "_pupil_before", None)
    holders_changed(pupil_ids=[instance.pupil_id, *([before] if before else [])])


# A pupil's date of birth decides when the pupil holds consent (16) and the school which purposes
# apply: a correction of either changes who decides.
_PUPIL_FACTS = ("date_of_birth", "school_id")


def pupil_before_save(sender: Any, instance: Pupil, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and not {"date_of_birth", "school", "school_id"} & set(fields):
        return  # neither fact is being changed: no query
    if instance.pk is not None and not kwargs.get("raw"):
        old = Pupil.objects.filter(pk=instance.pk).values(*_PUPIL_FACTS).first()
        instance._facts_before = old  # type: ignore[attr-defined]


def pupil_saved(sender: Any, instance: Pupil, **kwargs: Any) -> None:
    before = getattr(instance, "_facts_before", None)
    if before and any(before[f] != getattr(instance, f) for f in _PUPIL_FACTS):
        holders_changed(pupil_ids=[instance.pk])


def relation_deleted(sender: Any, instance: GuardianRelation, **kwargs: Any) -> None:
    holders_changed(pupil_ids=[instance.pupil_id])
