"""Keeping the school's pupils in step with the file, chunk by chunk, in the caller's transaction.

The key is the pupil number within the school (`Pupil.external_id`). Existing pupils of the school
are read once, up front, as small values (pk, whether they left, the number's hash), so memory does
not hold the school's model rows; each chunk loads its own rows and is written with
bulk_create/bulk_update, so the number of queries grows with the number of chunks, not rows.
Unchanged rows write nothing.
"""

from datetime import date

from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.dossier.education_numbers import HASH_PURPOSE, education_number_hash
from schoolprivacy.encryption import data_keys
from schoolprivacy.imports.auditing import audit_batches
from schoolprivacy.imports.groups import GroupSync
from schoolprivacy.imports.guardians import GuardianSync
from schoolprivacy.imports.parsing import Problem, PupilRow
from schoolprivacy.imports.report import Change, Report
from schoolprivacy.lib import sealed
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


class PupilSync:
    def __init__(
        self, *, school: School, actor: User | None, today: date, report: Report, channel: str
    ) -> None:
        self.school, self.actor, self.today = school, actor, today
        self.report, self.channel = report, channel
        self.keys = data_keys()
        # Existing pupils as small values, not model instances, so memory stays far below what
        # a full import of a large school would take; rows are loaded per chunk in `apply`.
        # The encrypted number is never read here.
        self.pupils: dict[str, tuple[int, bool]] = {}  # pupil number -> (pk, has left)
        self.hash_owner: dict[str, str] = {}
        existing = (
            Pupil.objects.filter(school=school)
            .exclude(external_id="")
            .values_list("external_id", "pk", "left_on", "education_number_hash")
        )
        for key, pk, left_on, digest in existing.iterator(chunk_size=2000):
            self.pupils[key] = (pk, left_on is not None)
            if digest:
                self.hash_owner[digest] = key
        self.seen: dict[str, int] = {}
        self.groups = GroupSync(
            school=school, actor=actor, today=today, report=report, channel=channel
        )
        self.guardians = GuardianSync(school=school, actor=actor, report=report, channel=channel)

    # --- checks that need more than one row --------------------------------------------------

    def claim(self, row: PupilRow, number_header: str) -> bool:
        """Register the row's keys; False (with a problem) when another row already has them."""
        first = self.seen.get(row.external_id)
        if first is not None:
            self.report.problems.append(
                Problem(row.line, "", _("pupil number also on line %(line)d") % {"line": first})
            )
            return False
        self.seen[row.external_id] = row.line
        number = row.fields.get("education_number")
        if number:
            hashes = sealed.lookup_hashes(str(number), keys=self.keys, purpose=HASH_PURPOSE)
            for digest in hashes:
                owner = self.hash_owner.get(digest)
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
            self.hash_owner[hashes[0]] = row.external_id
        return True

    def mark_seen(self, external_id: str, line: int) -> None:
        # A bad row that is skipped still keeps its pupil from being marked as left.
        self.seen.setdefault(external_id, line)

    # --- writing -----------------------------------------------------------------------------

    def _changes(self, pupil: Pupil, row: PupilRow) -> list[str]:
        changed = [name for name in PLAIN_FIELDS if getattr(pupil, name) != row.fields[name]]
        for name in changed:
            setattr(pupil, name, row.fields[name])
        # No date of leaving in the file means the pupil is (again) enrolled.
        left_on = row.fields["left_on"]
        if pupil.left_on != left_on:
            pupil.left_on = left_on if isinstance(left_on, date) else None
            changed.append("left_on")
        # An empty cell never erases a number: exports filtered for a supplier or typed by hand
        # leave it out, and the number is needed for DUO and leerplicht.
        number = str(row.fields.get("education_number") or "")
        if number:
            hashes = sealed.lookup_hashes(number, keys=self.keys, purpose=HASH_PURPOSE)
            if pupil.education_number_hash not in hashes:
                pupil.education_number = number
                pupil.education_number_hash = education_number_hash(number)
                changed.append("education_number")
        return changed

    def _new(self, row: PupilRow) -> Pupil:
        number = str(row.fields.get("education_number") or "")
        return Pupil(
            board_id=self.school.board_id,
            school=self.school,
            external_id=row.external_id,
            left_on=row.fields["left_on"],
            education_number=number,
            education_number_hash=education_number_hash(number) if number else "",
            **{name: row.fields[name] for name in PLAIN_FIELDS},
        )

    def apply(self, rows: list[PupilRow]) -> None:
        created: list[Pupil] = []
        updated: list[tuple[Pupil, Change]] = []
        # The model rows of this chunk only.
        pks = [self.pupils[r.external_id][0] for r in rows if r.external_id in self.pupils]
        loaded = {p.pk: p for p in Pupil.objects.filter(pk__in=pks).defer("education_number")}
        by_key: dict[str, Pupil] = {}
        for row in rows:
            known = self.pupils.get(row.external_id)
            if known is None:
                pupil = self._new(row)
                created.append(pupil)
            else:
                pupil = loaded[known[0]]
                if changed := self._changes(pupil, row):
                    updated.append((pupil, Change(row.line, row.external_id, changed)))
                else:
                    self.report.unchanged += 1
            by_key[row.external_id] = pupil
        if created:
            Pupil.objects.bulk_create(created)
            self.report.created += [p.external_id for p in created]
            audit_batches(
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
            Pupil.objects.bulk_update([p for p, _ in updated], names)
            for pupil, change in updated:
                self.report.updated.append(change)
                self._audit_update(pupil, change.fields)
        for pupil in by_key.values():
            self.pupils[pupil.external_id] = (pupil.pk, pupil.left_on is not None)
        self.groups.apply([(by_key[r.external_id], r.group) for r in rows if r.group])
        self.guardians.apply([(by_key[r.external_id], r.guardians) for r in rows])

    def _audit_update(self, pupil: Pupil, fields: list[str]) -> None:
        audit_record(
            action="people.pupil.updated",
            board_id=self.school.board_id,
            actor_id=self.actor.pk if self.actor else None,
            subjects=[Subject("pupil", pupil.pk)],
            fields=fields,
            context={"source": "import"},
            channel=self.channel,
        )

    def mark_left(self) -> None:
        """Pupils of the school missing from a full export have left today. Never deleted:
        the retention rules decide when their data goes."""
        pks = [pk for key, (pk, left) in self.pupils.items() if key not in self.seen and not left]
        for start in range(0, len(pks), LEFT_BATCH):
            # In batches: loading them all at once would grow with the school again.
            batch = pks[start : start + LEFT_BATCH]
            gone = list(Pupil.objects.filter(pk__in=batch).defer("education_number").order_by("pk"))
            for pupil in gone:
                # The database refuses leaving before enrolment (an enrolment dated ahead).
                pupil.left_on = max(self.today, pupil.enrolled_on)
            Pupil.objects.bulk_update(gone, ["left_on"])
            self.groups.end_for(gone)
            for pupil in gone:
                self.report.left.append(pupil.external_id)
                self._audit_update(pupil, ["left_on"])
