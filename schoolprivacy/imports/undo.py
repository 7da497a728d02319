"""Where an import's writes go: nowhere in a check, to the database and a journal in an apply.

An import runs twice over the file (decision 0017). The *check* computes everything, the report
included, with reads only: objects it would create get made-up negative keys so that later
chunks can refer to them, and nothing is written, so a preview never takes the write lock. The
*apply* writes chunk by chunk, each chunk in its own short transaction, and keeps a journal of
what it created and the values it overwrote; when the apply fails part-way, `Journal.undo` puts
back what the committed chunks changed. The journal lives in the run's scratch file; the values
it keeps (names, education numbers) are sealed with the data keys.
"""

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.apps import apps
from django.db import models, transaction

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.batch import audit_batch
from schoolprivacy.audit.services import audit_record
from schoolprivacy.encryption import data_keys
from schoolprivacy.imports.auditing import audit_batches
from schoolprivacy.imports.scratch import BATCH, Scratch
from schoolprivacy.lib import sealed
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.lib.bulk_insert import insert_new, insert_rows
from schoolprivacy.people.changes import holders_changed
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.schools.models import School

PURPOSE = "imports.undo_journal"
M = TypeVar("M", bound=models.Model)


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class Journal:
    """What the committed chunks of one apply did, newest last. A chunk's entries are held in
    memory until its transaction commits: a key of a rolled-back row may be given out again."""

    def __init__(self, scratch: Scratch) -> None:
        self.scratch = scratch
        self.keys = data_keys()
        self.waiting: list[tuple[str, int, str | None]] = []

    def created(self, objects: list[M]) -> None:
        self.waiting += [(o._meta.label, o.pk, None) for o in objects]

    def created_keys(self, model: type[models.Model], keys: list[int]) -> None:
        self.waiting += [(model._meta.label, pk, None) for pk in keys]

    def overwritten(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            pk = row.pop("pk")
            before = json.dumps({k: _encode(v) for k, v in row.items()})
            envelope = sealed.seal(before, keys=self.keys, purpose=PURPOSE)
            self.waiting.append((model._meta.label, pk, envelope))

    def committed(self) -> None:
        self.scratch.write("INSERT INTO journal (model, pk, before) VALUES (?, ?, ?)", self.waiting)
        self.waiting = []

    def undo(self, *, school: School, actor: User | None, channel: str) -> int:
        """Put back what the committed chunks changed, newest first; return how many rows."""
        self.waiting = []  # the chunk that failed was rolled back by its transaction
        total, last = 0, None
        while True:
            sql = "SELECT id, model, pk, before FROM journal WHERE id < ? ORDER BY id DESC LIMIT ?"
            page = self.scratch.db.execute(sql, (last or 1 << 62, BATCH)).fetchall()
            if not page:
                return total
            last = page[-1][0]
            with transaction.atomic():
                total += self._undo_page([(model, pk, before) for _id, model, pk, before in page])
                audit_record(
                    action="imports.run.undone",
                    board_id=school.board_id,
                    actor_id=actor.pk if actor else None,
                    context={"school": school.brin, "rows": len(page)},
                    channel=channel,
                )

    def _undo_page(self, entries: list[tuple[str, int, str | None]]) -> int:
        # Consecutive entries of one model and kind are undone together, in journal order.
        done = 0
        group: list[tuple[int, str | None]] = []
        for index, (label, pk, before) in enumerate(entries):
            group.append((pk, before))
            following = entries[index + 1] if index + 1 < len(entries) else None
            if following and following[0] == label and (following[2] is None) == (before is None):
                continue
            model = apps.get_model(label)
            _tell_consent_of_undo(model, [pk for pk, _ in group])
            if before is None:
                model.objects.filter(any_of("pk", [pk for pk, _ in group])).delete()
            else:
                for row_pk, envelope in group:
                    assert envelope is not None
                    text = sealed.unseal(envelope, keys=self.keys, purpose=PURPOSE)
                    model.objects.filter(pk=row_pk).update(**json.loads(text))
            done += len(group)
            group = []
        return done


# Writes that can change who holds consent for a pupil (domain.md, Consent): the consent app is
# told in the same transaction, on every path of the import, the undo included
# (people/changes.py; docs/decisions/0016).
_HOLDER_FIELDS = {"has_parental_authority", "ends_on", "pupil", "pupil_id", "date_of_birth"}


def _tell_consent(model: type[models.Model], objects: list[Any], fields: list[str] | None) -> None:
    if fields is not None and not _HOLDER_FIELDS & set(fields):
        return
    if model is GuardianRelation:
        holders_changed(pupil_ids=[o.pupil_id for o in objects])
    elif model is Pupil and fields is not None:
        holders_changed(pupil_ids=[o.pk for o in objects])


def _tell_consent_of_undo(model: type[models.Model], pks: list[int]) -> None:
    if model is GuardianRelation:
        ids = GuardianRelation.objects.filter(any_of("pk", pks)).values_list("pupil_id", flat=True)
        holders_changed(pupil_ids=list(ids))
    elif model is Pupil:
        holders_changed(
            pupil_ids=list(Pupil.objects.filter(any_of("pk", pks)).values_list("pk", flat=True))
        )


class Writes:
    """The write side of a sync: `dry` for the check, with a journal for the apply."""

    def __init__(self, *, journal: Journal | None) -> None:
        self.journal = journal
        self.dry = journal is None
        self._made_up = 0
        # Audit events of the current chunk, written last in its transaction by `flush_audits`:
        # appending locks the board's audit chain until the commit, and every audited action of
        # the board (page views that log reads included) waits for that lock (issue 18.2).
        self.audits: list[tuple[Callable[..., Any], dict[str, Any]]] = []

    def create(self, objects: list[M]) -> None:
        if not objects:
            return
        if self.journal is None:
            for obj in objects:
                self._made_up -= 1
                obj.pk = self._made_up
            return
        insert_new(objects)  # bulk_create's values, without its per-value compiling
        self.journal.created(objects)
        _tell_consent(type(objects[0]), objects, None)

    def create_rows(
        self, model: type[models.Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> list[int]:
        """Create plain rows (`lib.bulk_insert.insert_rows`), no model object per row: the new
        keys, in the order of `rows`; made-up keys in a check."""
        if not rows:
            return []
        if self.journal is None:
            start = self._made_up
            self._made_up -= len(rows)
            return list(range(start - 1, self._made_up - 1, -1))
        keys = insert_rows(model, names, rows)
        self.journal.created_keys(model, keys)
        if model is GuardianRelation:
            column = names.index("pupil_id")
            holders_changed(pupil_ids=[row[column] for row in rows])
        return keys

    def update(self, objects: list[M], fields: list[str]) -> None:
        if not objects or self.journal is None:
            return
        model = type(objects[0])
        rows = model._default_manager.filter(any_of("pk", [o.pk for o in objects]))
        self.journal.overwritten(model, list(rows.values("pk", *fields)))
        model._default_manager.bulk_update(objects, fields, batch_size=BATCH)
        _tell_consent(model, objects, fields)

    def audit_batches(self, **options: Any) -> None:
        if not self.dry:
            self.audits.append((audit_batches, options))

    def audit_record(self, **options: Any) -> None:
        if not self.dry:
            self.audits.append((audit_record, options))

    def flush_audits(self) -> None:
        """Write the chunk's audit events; call last inside the chunk's transaction. One
        `audit_batch` for them all: a thousand events per statement, not one (decision 0061)."""
        audits, self.audits = self.audits, []
        if not audits:
            return
        with audit_batch():
            for write, options in audits:
                write(**options)
