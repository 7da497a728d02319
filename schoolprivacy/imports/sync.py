"""Keeping the school's pupils in step with the file, chunk by chunk, in the caller's transaction.

The key is the pupil number within the school (`Pupil.external_id`). Nothing about the school is
read up front: each chunk of the file loads the pupils it names with one query, and what must be
remembered from one chunk to the next (pupil numbers already met, numbers a pupil had when the
run started) is kept in the database through `imports.scratch`, so memory stays the same whatever
the size of the school or the file. Chunks are written with bulk_create/bulk_update, so the
number of queries grows with the number of chunks, not rows. Unchanged rows write nothing.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject
from schoolprivacy.dossier.education_numbers import HASH_PURPOSE
from schoolprivacy.encryption import data_keys
from schoolprivacy.imports.groups import GroupSync
from schoolprivacy.imports.guardians import GuardianSync
from schoolprivacy.imports.parsing import Problem, PupilRow
from schoolprivacy.imports.report import Change, Report
from schoolprivacy.imports.scratch import CLAIM, NUMBER, PUPIL, Scratch
from schoolprivacy.imports.undo import Writes
from schoolprivacy.lib import sealed
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import School

# Plain fields compared and copied as they are; the education number is compared by hash.
PLAIN_FIELDS = (
    "given_names",
    "first_name",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "enrolled_on",
)
LEFT_BATCH = 1000
Moved = tuple[str, int, None]  # a number's lookup hash, the pupil that had it, no line


@dataclass
class Line:
    """One line of the file: the parsed row, or its problems when it could not be read."""

    number: int
    key: str  # the pupil number as written, also on a line that could not be read
    row: PupilRow | None
    problems: list[Problem]


@dataclass
class _Chunk:
    """What one chunk knows: its own pupils, and the owners of the numbers it names."""

    pupils: dict[str, Pupil]  # pupil number -> pupil of the school
    earlier: dict[str, int]  # pupil number -> its first line, in this chunk or an earlier one
    owners: dict[str, str]  # education-number lookup hash -> pupil number holding it
    claims: list[tuple[str, str]] = field(default_factory=list)  # numbers rows took here


class PupilSync:
    def __init__(
        self, *, school: School, actor: User | None, today: date, report: Report, channel: str,
        scratch: Scratch, writes: Writes,
    ) -> None:  # fmt: skip
        self.school, self.actor, self.today = school, actor, today
        self.report, self.channel = report, channel
        self.keys = data_keys()
        self.scratch, self.writes = scratch, writes
        self.numbers_moved = False  # whether any NUMBER entry was added, to skip the query
        # The chunk's education numbers -> their lookup hashes under every key.
        self.hashes: dict[str, list[str]] = {}
        self.groups = GroupSync(
            school=school, actor=actor, today=today, report=report, channel=channel, writes=writes
        )
        self.guardians = GuardianSync(
            school=school, actor=actor, report=report, channel=channel, scratch=scratch,
            writes=writes, today=today,
        )  # fmt: skip

    # --- what the chunk needs to know ----------------------------------------------------------

    def _load(self, lines: list[Line]) -> _Chunk:
        keys = {line.key for line in lines if line.key}
        # The exclusions repeat the conditions of the partial unique indexes, so the database
        # can use them instead of reading every pupil of the school for each chunk.
        found = (
            Pupil.objects.filter(any_of("external_id", keys), school=self.school)
            .exclude(external_id="")
            .defer("education_number")
            .order_by()
        )
        pupils = {p.external_id: p for p in found}
        earlier = {
            key: line
            for key, (_ref, line) in self.scratch.find(PUPIL, keys).items()
            if line is not None
        }
        self.hashes = {
            number: sealed.lookup_hashes(number, keys=self.keys, purpose=HASH_PURPOSE)
            for line in lines
            if line.row and (number := str(line.row.fields.get("education_number") or ""))
        }
        hashes = {digest for variants in self.hashes.values() for digest in variants}
        return _Chunk(pupils, earlier, self._owners(hashes))

    def _owners(self, hashes: set[str]) -> dict[str, str]:
        """Who holds each number: the pupil that had it when the run started, else the pupil
        that has it now (one of the school's, or one this run gave it)."""
        if not hashes:
            return {}
        owners = dict(
            Pupil.objects.filter(any_of("education_number_hash", hashes), school=self.school)
            .exclude(education_number_hash="")
            .exclude(external_id="")
            .order_by()
            .values_list("education_number_hash", "external_id")
        )
        # Numbers rows of this run took: a check writes nothing, so the table does not know them.
        for digest, external_id in self.scratch.find_values(CLAIM, hashes).items():
            owners.setdefault(digest, external_id)
        if self.numbers_moved:
            before = self.scratch.find(NUMBER, hashes)
            refs = {ref for ref, _line in before.values()}
            holders = dict(
                Pupil.objects.filter(any_of("pk", refs)).values_list("pk", "external_id")
            )
            for digest, (ref, _line) in before.items():
                if ref is not None and ref in holders:
                    owners[digest] = holders[ref]
        return owners

    # --- checks that need more than one row --------------------------------------------------

    def _claim(self, row: PupilRow, chunk: _Chunk, number_header: str) -> bool:
        """Register the row's keys; False (with a problem) when another row already has them."""
        first = chunk.earlier.get(row.external_id)
        if first is not None:
            self.report.problems.append(
                Problem(row.line, "", _("pupil number also on line %(line)d") % {"line": first})
            )
            return False
        chunk.earlier[row.external_id] = row.line
        number = str(row.fields.get("education_number") or "")
        if number:
            hashes = self.hashes[number]
            for digest in hashes:
                owner = chunk.owners.get(digest)
                if owner is not None and owner != row.external_id:
                    self.report.problems.append(
                        Problem(
                            row.line,
                            number_header,
                            _("the same education number belongs to pupil number %(other)s")
                            % {"other": owner},
                        )
                    )
                    return False
            if hashes[0] not in chunk.owners:
                chunk.claims.append((hashes[0], row.external_id))
            chunk.owners[hashes[0]] = row.external_id
        return True

    # --- writing -----------------------------------------------------------------------------

    def _changes(
        self, pupil: Pupil, row: PupilRow, moved: list[tuple[str, int, None]]
    ) -> list[str]:
        changed = [name for name in PLAIN_FIELDS if getattr(pupil, name) != row.fields[name]]
        for name in changed:
            setattr(pupil, name, row.fields[name])
        # No date of leaving in the file means the pupil is (again) enrolled.
        left_on = row.fields["left_on"]
        if pupil.left_on != left_on:
            pupil.left_on = left_on if isinstance(left_on, date) else None
            changed.append("left_on")
        # An empty cell never erases an address either: the pupil may have given it to the school.
        email = str(row.fields.get("email") or "")
        if email and pupil.email != email:
            pupil.email = email
            changed.append("email")
        # An empty cell never erases a number: exports filtered for a supplier or typed by hand
        # leave it out, and the number is needed for DUO and leerplicht.
        number = str(row.fields.get("education_number") or "")
        if number and pupil.education_number_hash not in self.hashes[number]:
            if pupil.education_number_hash:
                # Later rows still may not take the number this pupil had.
                moved.append((pupil.education_number_hash, pupil.pk, None))
            pupil.education_number = number
            pupil.education_number_hash = self._newest_hash(number)
            changed.append("education_number")
        return changed

    def _new(self, row: PupilRow) -> Pupil:
        number = str(row.fields.get("education_number") or "")
        return Pupil(
            board_id=self.school.board_id,
            school=self.school,
            external_id=row.external_id,
            left_on=row.fields["left_on"],
            email=str(row.fields.get("email") or ""),
            education_number=number,
            education_number_hash=self._newest_hash(number) if number else "",
            **{name: row.fields[name] for name in PLAIN_FIELDS},
        )

    def _newest_hash(self, number: str) -> str:
        """`education_number_hash(number)`, already computed for the chunk by `_load`: the
        hashes are in key order, the newest key last (one HMAC less per new pupil)."""
        return self.hashes[number][-1]

    def apply(self, lines: list[Line], *, number_header: str = "") -> None:
        chunk = self._load(lines)
        first_lines: dict[str, int] = {}  # pupil numbers this chunk meets first
        rows: list[PupilRow] = []
        for line in lines:
            self.report.warnings += [p for p in line.problems if p.warning]
            if line.row is None:
                self.report.problems += [p for p in line.problems if not p.warning]
                # A bad row that is skipped still keeps its pupil from being marked as left.
                if line.key and line.key not in chunk.earlier:
                    chunk.earlier[line.key] = first_lines[line.key] = line.number
            elif self._claim(line.row, chunk, number_header):
                first_lines[line.row.external_id] = line.row.line
                rows.append(line.row)
        by_key = self._write(rows, chunk.pupils)
        known = {**chunk.pupils, **by_key}
        self.scratch.add(
            PUPIL,
            ((key, known[key].pk if key in known else None, n) for key, n in first_lines.items()),
        )
        self.scratch.add_values(CLAIM, chunk.claims)

    def _write(self, rows: list[PupilRow], pupils: dict[str, Pupil]) -> dict[str, Pupil]:
        created: list[Pupil] = []
        updated: list[tuple[Pupil, Change]] = []
        moved: list[Moved] = []
        by_key: dict[str, Pupil] = {}
        for row in rows:
            pupil = pupils.get(row.external_id)
            if pupil is None:
                pupil = self._new(row)
                created.append(pupil)
            elif changed := self._changes(pupil, row, moved):
                updated.append((pupil, Change(row.line, row.external_id, changed)))
            else:
                self.report.unchanged += 1
            by_key[row.external_id] = pupil
        if created:
            self.writes.create(created)
            self.report.created += [p.external_id for p in created]
            self.report.names.update((p.external_id, p.name) for p in created)
            self.writes.audit_batches(
                action="people.pupil.created",
                school=self.school,
                actor=self.actor,
                ids=[p.pk for p in created],
                fields=(*PLAIN_FIELDS, "external_id", "education_number"),
                channel=self.channel,
            )
        if updated:
            names = sorted({n for _, change in updated for n in change.fields})
            if "education_number" in names:
                names.append("education_number_hash")
            self.writes.update([p for p, _ in updated], names)
            for pupil, change in updated:
                self.report.updated.append(change)
                self.report.names[pupil.external_id] = pupil.name
                self._audit_update(pupil, change.fields)
        if moved:
            self.scratch.add(NUMBER, moved)
            self.numbers_moved = True
        self.groups.apply([(by_key[r.external_id], r.group) for r in rows if r.group])
        self.guardians.apply([(by_key[r.external_id], r.guardians) for r in rows])
        return by_key

    def _audit_update(self, pupil: Pupil, fields: list[str]) -> None:
        self.writes.audit_record(
            action="people.pupil.updated",
            board_id=self.school.board_id,
            actor_id=self.actor.pk if self.actor else None,
            subjects=[Subject(subject_types.PUPIL, pupil.pk)],
            fields=fields,
            context={"source": "import"},
            channel=self.channel,
        )

    def mark_left(self, *, pause: Callable[[], None] | None = None) -> None:
        """Pupils of the school missing from a full export have left today. Never deleted:
        the retention rules decide when their data goes."""
        enrolled = (
            Pupil.objects.filter(school=self.school, left_on__isnull=True)
            .exclude(external_id="")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        after = 0
        # Page by page through the school, each page less the pupils this run has seen: one
        # NOT EXISTS over the whole school left the plan to table statistics that cannot know
        # the scratch rows yet, and PostgreSQL then took seconds per thousand pupils.
        while page := list(enrolled.filter(pk__gt=after)[:LEFT_BATCH]):
            after = page[-1]
            seen = self.scratch.refs(PUPIL, page)
            gone_ids = [pk for pk in page if pk not in seen]
            if not gone_ids:
                continue
            gone = list(
                Pupil.objects.filter(any_of("pk", gone_ids))
                .defer("education_number")
                .order_by("pk")
            )
            for pupil in gone:
                # The database refuses leaving before enrolment (an enrolment dated ahead).
                pupil.left_on = max(self.today, pupil.enrolled_on)
            # Each page is its own short transaction in an apply (decision 0017); a check
            # opens none: on SQLite even an empty transaction takes the write lock.
            with nullcontext() if self.writes.dry else transaction.atomic():
                self.writes.update(gone, ["left_on"])
                self.groups.end_for(gone)
                for pupil in gone:
                    self.report.left.append(pupil.external_id)
                    self.report.names[pupil.external_id] = pupil.name
                    self._audit_update(pupil, ["left_on"])
                self.writes.flush_audits()
            if self.writes.journal is not None:
                self.writes.journal.committed()
            if pause is not None:
                pause()
