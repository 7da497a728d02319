"""Guardians matched without duplicates.

A guardian in the file is the same person as one already known when, in this order:
1. the pupil already has a guardian with the same name (the usual re-import);
2. a guardian of this school's pupils has the same email address (siblings, a new child);
3. a guardian of this school's pupils has the same name and phone number (`guardian_keys`).
Only otherwise is a new guardian created. When one guardian is named on more than one line (the
parent of two pupils), the first line that names them sets their details; a later line with other
details changes nothing and gets a warning, so an unchanged re-import changes nothing either
(issue 18.1). Which guardians a line already settled is remembered across chunks in the scratch
file (`SETTLED`). The links between pupils and guardians are kept in step by `guardian_links`.

Rule 1 needs only the chunk's own pupils, loaded with the chunk. Rules 2 and 3 need every guardian
of the school, and neither key can be looked up in the guardian table as it is stored (emails in
any case, phone numbers in any format), so the first time a row is not matched by rule 1 the match
keys of the school's guardians are streamed, page by page, into the run's scratch index
(`imports.scratch`), and each chunk looks up its own keys there with one query. Memory holds one
chunk, whatever the size of the school.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.imports.guardian_keys import (
    email_match,
    keys_of,
    match_keys,
    name_key,
    name_phone_match,
)
from schoolprivacy.imports.guardian_links import LinkSync
from schoolprivacy.imports.parsing import GuardianRow, Problem
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.scratch import BATCH, GUARDIAN, SETTLED, Scratch
from schoolprivacy.imports.undo import Writes
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import School

FIELDS = ("first_name", "surname_prefix", "surname", "email", "phone")


@dataclass
class _Match:
    pupil: Pupil
    row: GuardianRow
    known: int | None  # the pk of an existing guardian
    new: Guardian | None  # or one created in this chunk

    @property
    def guardian_id(self) -> int:
        pk = self.known if self.known is not None else self.new.pk if self.new else None
        assert pk is not None, "guardians of the chunk are created before they are linked"
        return pk


class GuardianSync:
    def __init__(
        self, *, school: School, actor: User | None, report: Report, channel: str, scratch: Scratch,
        writes: Writes, today: date | None = None,
    ) -> None:  # fmt: skip
        self.school, self.actor, self.report, self.channel = school, actor, report, channel
        self.scratch, self.writes = scratch, writes
        self.relations = LinkSync(
            school=school, actor=actor, report=report, channel=channel, writes=writes,
            today=today or date.today(),
        )  # fmt: skip
        # Built when a row first needs rule 2 or 3: an unchanged re-import matches every
        # guardian by rule 1 and never pays for it.
        self.indexed = False
        # What the current chunk knows; replaced by each `apply`.
        self.known: dict[str, int] = {}  # match key -> guardian pk, the first one indexed
        self.keys_before: dict[int, list[str]] = {}  # guardian pk -> keys before the file's
        # Guardians created in the current chunk, found by the same keys until they have a pk.
        self.new_by_email: dict[str, Guardian] = {}
        self.new_by_name_phone: dict[str, Guardian] = {}

    def _index_school(self) -> None:
        """The match keys of every guardian of the school, in the order of their links: where two
        guardians share a key, the first one is found (as a re-import always found it). Guardians
        this run created or changed before are in the database by now, so they are included."""
        people = (
            GuardianRelation.objects.filter(pupil__school=self.school)
            .order_by("pk")
            .values_list(
                "pk", "guardian_id", "guardian__first_name", "guardian__surname_prefix",
                "guardian__surname", "guardian__email", "guardian__phone",
            )
        )  # fmt: skip
        after = 0
        # Page by page on the primary key: a fixed number of rows in memory on every database
        # (an iterator may still hold the whole result, as SQLite's does).
        while page := list(people.filter(pk__gt=after)[:BATCH]):
            after = page[-1][0]
            self.scratch.add(
                GUARDIAN,
                [(key, guardian_id, None) for _pk, guardian_id, *person in page
                 for key in match_keys(*person)],
            )  # fmt: skip

    def _index(self, guardians: list[Guardian]) -> None:
        if self.indexed:
            self.scratch.add(GUARDIAN, ((key, g.pk, None) for g in guardians for key in keys_of(g)))

    def _load_keys(self, rows: list[GuardianRow]) -> None:
        """The school's guardians that `rows` match by rule 2 or 3."""
        self.known = {}
        keys = [key for row in rows for key in keys_of(row)]
        if not keys:
            return
        if not self.indexed:
            self._index_school()
            self.indexed = True
        found = self.scratch.find(GUARDIAN, keys)
        self.known = {key: ref for key, (ref, _line) in found.items() if ref is not None}

    def _match(self, row: GuardianRow) -> int | Guardian | None:
        """Rules 2 and 3: a guardian of the school, or one created earlier in this chunk."""
        name = name_key(row.first_name, row.surname_prefix, row.surname)
        if row.email:
            key = email_match(row.email)
            found = self.known.get(key) or self.new_by_email.get(key)
            if found is not None:
                return found
        if row.phone:
            key = name_phone_match(name, row.phone)
            return self.known.get(key) or self.new_by_name_phone.get(key)
        return None

    def _update(self, guardian: Guardian, row: GuardianRow) -> list[str]:
        # Empty cells do not erase what the school already knows from another source.
        changed = [n for n in FIELDS if (v := getattr(row, n)) and getattr(guardian, n) != v]
        if changed and guardian.pk not in self.keys_before:
            # Later rows may still name the guardian as they were: keep those keys findable.
            self.keys_before[guardian.pk] = keys_of(guardian)
        for name in changed:
            setattr(guardian, name, getattr(row, name))
        return changed

    def _create(self, row: GuardianRow) -> Guardian:
        guardian = Guardian(
            board_id=self.school.board_id,
            first_name=row.first_name,
            surname_prefix=row.surname_prefix,
            surname=row.surname,
            email=row.email,
            phone=row.phone,
        )
        if row.email:
            self.new_by_email.setdefault(email_match(row.email.lower()), guardian)
        if row.phone:
            name = name_key(row.first_name, row.surname_prefix, row.surname)
            self.new_by_name_phone.setdefault(name_phone_match(name, row.phone), guardian)
        return guardian

    def apply(self, rows: list[tuple[Pupil, list[GuardianRow]]]) -> None:
        self.relations.load(rows)
        own = [[self.relations.own(pupil, row) for row in guardians] for pupil, guardians in rows]
        self._load_keys(
            [row for (_, guardians), ids in zip(rows, own, strict=True)
             for row, pk in zip(guardians, ids, strict=True) if pk is None]
        )  # fmt: skip
        matches: list[_Match] = []
        new: list[Guardian] = []
        for (pupil, guardians), ids in zip(rows, own, strict=True):
            for row, pk in zip(guardians, ids, strict=True):
                found = pk if pk is not None else self._match(row)
                if found is None:
                    found = self._create(row)
                    new.append(found)
                if isinstance(found, Guardian):
                    matches.append(_Match(pupil, row, None, found))
                else:
                    matches.append(_Match(pupil, row, found, None))
        firsts = self._first_mentions(matches)
        self._update_known(
            [m for m, first in zip(matches, firsts, strict=True) if first is not None]
        )
        if new:
            self.writes.create(new)
            self.report.guardians_created += len(new)
            self._index(new)
            self.new_by_email.clear()
            self.new_by_name_phone.clear()
            self.writes.audit_batches(
                action="people.guardian.created",
                school=self.school,
                actor=self.actor,
                ids=[g.pk for g in new],
                fields=("first_name", "surname_prefix", "surname", "email", "phone"),
                channel=self.channel,
                subject_type=subject_types.GUARDIAN,
            )
        self.scratch.add_values(
            SETTLED,
            [
                (str(m.guardian_id), json.dumps(first))
                for m, first in zip(matches, firsts, strict=True)
                if first is not None
            ],
        )
        self.relations.link([(m.pupil, m.guardian_id, m.row) for m in matches])
        listed: dict[int, set[int]] = {}
        for m in matches:
            listed.setdefault(m.pupil.pk, set()).add(m.guardian_id)
        self.relations.end_missing(rows, listed)

    def _details(self, row: GuardianRow) -> dict[str, object]:
        """The row's details as salted digests (the scratch file holds no personal value)."""
        digests: dict[str, object] = {
            name: self.scratch.digest(value) if (value := getattr(row, name)) else ""
            for name in FIELDS
        }
        return {**digests, "line": row.line}

    def _first_mentions(self, matches: list[_Match]) -> list[dict[str, object] | None]:
        """For each match, its row's details (`_details`) when it is the first line of the run
        that names its guardian, else None. A later line with other details is reported as a
        warning and sets nothing. Each row's details are digested once (issue 18.2)."""
        ids = {str(m.known) for m in matches if m.known is not None}
        earlier = self.scratch.find_values(SETTLED, ids) if ids else {}
        seen: dict[int, dict[str, object]] = {}
        firsts: list[dict[str, object] | None] = []
        for m in matches:
            # A guardian created in this chunk has no key yet: the object itself identifies it.
            ref = m.known if m.known is not None else id(m.new)
            first = seen.get(ref)
            if first is None and m.known is not None and str(m.known) in earlier:
                first = json.loads(earlier[str(m.known)])
            details = self._details(m.row)
            if first is None:
                seen[ref] = details
                firsts.append(details)
                continue
            seen[ref] = first
            firsts.append(None)
            # The line number is where the details are, not one of them.
            if any(
                value and name != "line" and first.get(name) != value
                for name, value in details.items()
            ):
                self.report.warnings.append(
                    Problem(
                        m.row.line,
                        m.row.column,
                        _(
                            "this guardian is also on line %(line)d with other details; the "
                            "details of line %(line)d are kept"
                        )
                        % {"line": first["line"]},
                        warning=True,
                    )
                )
        return firsts

    def _update_known(self, matches: list[_Match]) -> None:
        """Load this chunk's known guardians and write what the file changes."""
        ids = {m.known for m in matches if m.known is not None}
        loaded = {g.pk: g for g in Guardian.objects.filter(any_of("pk", ids))} if ids else {}
        self.keys_before = {}
        changed: dict[int, set[str]] = {}
        for m in matches:
            # A check finds guardians it would create by made-up keys, not in the table.
            if m.known in loaded and (fields := self._update(loaded[m.known], m.row)):
                changed.setdefault(m.known, set()).update(fields)
        if changed:
            names = sorted({n for names_ in changed.values() for n in names_})
            self.writes.update([loaded[pk] for pk in changed], names)
            self.report.guardians_updated += len(changed)
            before = self.keys_before.items()
            self.scratch.add(GUARDIAN, ((k, pk, None) for pk, keys in before for k in keys))
            self._index([loaded[pk] for pk in changed])
            for pk, names_ in changed.items():
                self.relations.audit("people.guardian.updated", pk, None, names_)
