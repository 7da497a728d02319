"""Row locks that serialise consent changes with the acts that rely on consent.

The rule (docs/decisions/0016-live-publications-follow-consent.md): a live publication is always
consistent with the consent status now. Publishing or tagging reads the status and then, a
second later, commits a rendition that relies on it; a withdrawal committed in between would be
handled by the outbox before the publication exists and never reach it. So:

- every write that changes a pupil's consent facts (a decision, a dispute, a change of parental
  authority or of a parent link) takes the pupil's row FOR UPDATE before it reads or writes;
- every write that changes a purpose's facts (a new text, its settings) takes the purpose's row
  FOR UPDATE;
- every act that relies on the facts (publishing, tagging, a re-check) takes the same rows
  FOR SHARE *before* it reads the status, and keeps them until it commits.

Either the change commits first, and the act then reads the new status (PostgreSQL's READ
COMMITTED reads what is committed when each statement starts), or the act commits first, and the
change's outbox event, handled after the change commits, finds the new publication. Acts share
the locks, so two publications of the same child do not wait for each other. Rows are locked in
ID order, so two transactions never wait for each other in a circle.

SQLite needs none of this: its write transactions are IMMEDIATE, so they never overlap.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

from schoolprivacy.consents.models import Purpose
from schoolprivacy.people.models import Pupil


def _lock(model: type[Model], ids: Iterable[int], mode: str) -> None:
    keys = sorted({int(pk) for pk in ids})
    if not keys or connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR {mode}",  # noqa: S608 (quoted name)  # nosec B608
            [keys],
        )


def share(model: type[Model], ids: Iterable[int]) -> None:
    """FOR SHARE on any rows whose settings an act relies on (a photo channel, say)."""
    _lock(model, ids, "SHARE")


def pupils_lock(pupil_ids: Iterable[int]) -> None:
    """Before changing these pupils' consent facts (exclusive)."""
    _lock(Pupil, pupil_ids, "UPDATE")


def pupils_share(pupil_ids: Iterable[int]) -> None:
    """Before relying on these pupils' consent status (shared with other acts)."""
    _lock(Pupil, pupil_ids, "SHARE")


def purposes_lock(purpose_ids: Iterable[int]) -> None:
    """Before changing these purposes' texts or settings (exclusive)."""
    _lock(Purpose, purpose_ids, "UPDATE")


def purposes_share(purpose_ids: Iterable[int]) -> None:
    """Before relying on these purposes' texts and settings (shared with other acts)."""
    _lock(Purpose, purpose_ids, "SHARE")
