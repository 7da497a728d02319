"""Writes to the register: keyword-only, in a transaction, audited."""

from schoolprivacy.register.services.activities import (
    activity_create,
    activity_deactivate,
    activity_reactivate,
    activity_snapshot,
    activity_update,
)
from schoolprivacy.register.services.data import ActivityData, Recipient
from schoolprivacy.register.services.defaults import register_install_defaults

__all__ = [
    "ActivityData",
    "Recipient",
    "activity_create",
    "activity_deactivate",
    "activity_reactivate",
    "activity_snapshot",
    "activity_update",
    "register_install_defaults",
]
