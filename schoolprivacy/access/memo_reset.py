"""A write to a row the access facts are built from drops the request's memo (decision 0052).

`access.facts` memoises a user's grants, open emergency accesses and the facts about a pupil for
one request. A request that changes any of them (a grant approved, emergency access opened, an
assignment or group membership changed) must see the change in its own later questions, so every
save or delete of these models, and every change of a grant's pupil list, forgets the memo.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from schoolprivacy.access.models import Assignment, BreakGlassAccess, Grant
from schoolprivacy.lib.request_memo import forget
from schoolprivacy.people.models import GroupMembership, Pupil, Staff

SOURCES = (Assignment, BreakGlassAccess, Grant, GroupMembership, Pupil, Staff)


def _forget(**_kwargs: Any) -> None:
    forget()


def connect() -> None:
    for model in SOURCES:
        post_save.connect(_forget, sender=model, dispatch_uid=f"memo-reset-save-{model.__name__}")
        post_delete.connect(
            _forget, sender=model, dispatch_uid=f"memo-reset-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _forget, sender=Grant.pupils.through, dispatch_uid="memo-reset-grant-pupils"
    )
