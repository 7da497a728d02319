"""The default register a new board starts with: retention rules and processing activities.

This is content, not interface text: it is copied into the board's register once and from then
on belongs to the board, which edits it in its own words. That is why the Dutch and English
texts are written out here rather than passed through gettext, which would freeze whichever
language happened to be active during installation.
"""

from schoolprivacy.register.defaults.organisation import ORGANISATION_ACTIVITIES
from schoolprivacy.register.defaults.pupils import PUPIL_ACTIVITIES
from schoolprivacy.register.defaults.retention import RETENTION_DEFAULTS
from schoolprivacy.register.defaults.spec import DefaultActivity

ACTIVITY_DEFAULTS: tuple[DefaultActivity, ...] = PUPIL_ACTIVITIES + ORGANISATION_ACTIVITIES

__all__ = ["ACTIVITY_DEFAULTS", "RETENTION_DEFAULTS", "DefaultActivity"]
