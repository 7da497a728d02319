"""Guardians matched and linked without duplicates.

A guardian in the file is the same person as one already known when, in this order:
1. the pupil already has a guardian with the same name (the usual re-import);
2. a guardian of this school's pupils has the same email address (siblings, a new child);
3. a guardian of this school's pupils has the same name and phone number.
Only otherwise is a new guardian created. Links that are no longer in the file are kept: an
export without a guardian is not proof that parental authority ended, and the administration
decides that by hand.

What is known up front is kept as small values (IDs and match keys), not model instances, so
memory does not hold every guardian of a large school; the rows a chunk changes are loaded then.
"""

import re
from dataclasses import dataclass

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.imports.auditing import audit_batches
from schoolprivacy.imports.parsing import GuardianRow
from schoolprivacy.imports.report import Report
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import School


def name_key(first: str, prefix: str, surname: str) -> str:
    return " ".join(f"{first} {prefix} {surname}".lower().split())


def phone_key(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-9:]  # +31 6 ... and 06 ... are one number


# pupil pk -> guardian pk -> the link as it is (None as pk while it waits to be created).
Link = tuple[int | None, str, bool]


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
    def __init__(self, *, school: School, actor: User | None, report: Report, channel: str) -> None:
        self.school, self.actor, self.report, self.channel = school, actor, report, channel
        self.links: dict[int, dict[int, Link]] = {}
        self.names: dict[int, str] = {}
        self.by_email: dict[str, int] = {}
        self.by_name_phone: dict[tuple[str, str], int] = {}
        relations = GuardianRelation.objects.filter(pupil__school=school).values_list(
            "pk", "pupil_id", "guardian_id", "kind", "has_parental_authority",
            "guardian__first_name", "guardian__surname_prefix", "guardian__surname",
            "guardian__email", "guardian__phone",
        )  # fmt: skip
        for pk, pupil_id, guardian_id, kind, authority, *person in relations.iterator(2000):
            self.links.setdefault(pupil_id, {})[guardian_id] = (pk, kind, authority)
            self._index(guardian_id, *person)
        # Guardians created in the current chunk, found by the same keys until they have a pk.
        self.new_by_email: dict[str, Guardian] = {}
        self.new_by_name_phone: dict[tuple[str, str], Guardian] = {}

    def _index(
        self, pk: int, first: str, prefix: str, surname: str, email: str, phone: str
    ) -> None:
        name = name_key(first, prefix, surname)
        self.names[pk] = name
        if email:
            self.by_email.setdefault(email.lower(), pk)
        if phone:
            self.by_name_phone.setdefault((name, phone_key(phone)), pk)

    def _match(self, pupil: Pupil, row: GuardianRow) -> int | Guardian | None:
        name = name_key(row.first_name, row.surname_prefix, row.surname)
        for guardian_id in self.links.get(pupil.pk, {}):
            if self.names.get(guardian_id) == name:
                return guardian_id
        if row.email:
            found = self.by_email.get(row.email) or self.new_by_email.get(row.email)
            if found is not None:
                return found
        if row.phone:
            key = (name, phone_key(row.phone))
            return self.by_name_phone.get(key) or self.new_by_name_phone.get(key)
        return None

    def _update(self, guardian: Guardian, row: GuardianRow) -> list[str]:
        # Empty cells do not erase what the school already knows from another source.
        changed = []
        for name in ("first_name", "surname_prefix", "surname", "email", "phone"):
            value = getattr(row, name)
            if value and getattr(guardian, name) != value:
                setattr(guardian, name, value)
                changed.append(name)
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
            self.new_by_email.setdefault(row.email.lower(), guardian)
        if row.phone:
            name = name_key(row.first_name, row.surname_prefix, row.surname)
            self.new_by_name_phone.setdefault((name, phone_key(row.phone)), guardian)
        return guardian

    def apply(self, rows: list[tuple[Pupil, list[GuardianRow]]]) -> None:
        matches: list[_Match] = []
        new: list[Guardian] = []
        for pupil, guardians in rows:
            for row in guardians:
                found = self._match(pupil, row)
                if found is None:
                    found = self._create(row)
                    new.append(found)
                if isinstance(found, Guardian):
                    matches.append(_Match(pupil, row, None, found))
                else:
                    matches.append(_Match(pupil, row, found, None))
        self._update_known(matches)
        if new:
            Guardian.objects.bulk_create(new)
            self.report.guardians_created += len(new)
            for g in new:
                self._index(g.pk, g.first_name, g.surname_prefix, g.surname, g.email, g.phone)
            self.new_by_email.clear()
            self.new_by_name_phone.clear()
            audit_batches(
                action="people.guardian.created",
                school=self.school,
                actor=self.actor,
                ids=[g.pk for g in new],
                fields=("first_name", "surname_prefix", "surname", "email", "phone"),
                channel=self.channel,
                subject_type="guardian",
            )
        self._link([(m.pupil, m.guardian_id, m.row) for m in matches])

    def _update_known(self, matches: list[_Match]) -> None:
        """Load this chunk's known guardians and write what the file changes."""
        ids = {m.known for m in matches if m.known is not None}
        loaded = {g.pk: g for g in Guardian.objects.filter(pk__in=ids)} if ids else {}
        changed: dict[int, set[str]] = {}
        for m in matches:
            if m.known is not None and (fields := self._update(loaded[m.known], m.row)):
                changed.setdefault(m.known, set()).update(fields)
        if changed:
            names = sorted({n for names_ in changed.values() for n in names_})
            Guardian.objects.bulk_update([loaded[pk] for pk in changed], names)
            self.report.guardians_updated += len(changed)
            for pk, names_ in changed.items():
                g = loaded[pk]
                self._index(pk, g.first_name, g.surname_prefix, g.surname, g.email, g.phone)
                self._audit("people.guardian.updated", pk, None, names_)

    def _link(self, links: list[tuple[Pupil, int, GuardianRow]]) -> None:
        created: list[GuardianRelation] = []
        updated: dict[int, tuple[str, bool, set[str]]] = {}
        for pupil, guardian_id, row in links:
            known = self.links.setdefault(pupil.pk, {})
            link = known.get(guardian_id)
            kind, authority = row.kind, row.has_parental_authority
            known[guardian_id] = (link[0] if link else None, kind, authority)
            if link is None:
                created.append(
                    GuardianRelation(
                        board_id=self.school.board_id,
                        guardian_id=guardian_id,
                        pupil=pupil,
                        kind=kind,
                        has_parental_authority=authority,
                    )
                )
                continue
            fields = {"kind"} if link[1] != kind else set()
            if link[2] != authority:
                fields.add("has_parental_authority")
            if fields and link[0] is not None:
                before = updated.get(link[0], ("", False, set()))[2]
                updated[link[0]] = (kind, authority, before | fields)
        if created:
            GuardianRelation.objects.bulk_create(created)
            for relation in created:
                by_guardian = self.links[relation.pupil_id]
                _pk, kind, authority = by_guardian[relation.guardian_id]
                by_guardian[relation.guardian_id] = (relation.pk, kind, authority)
            self.report.relations_created += len(created)
            audit_batches(
                action="people.guardian_relation.created",
                school=self.school,
                actor=self.actor,
                ids=[r.pk for r in created],
                fields=("kind", "has_parental_authority"),
                channel=self.channel,
                subject_type="guardian_relation",
            )
        if updated:
            relations = list(GuardianRelation.objects.filter(pk__in=updated))
            for relation in relations:
                relation.kind, relation.has_parental_authority, _ = updated[relation.pk]
            GuardianRelation.objects.bulk_update(relations, ["kind", "has_parental_authority"])
            self.report.relations_updated += len(relations)
            for relation in relations:
                self._audit(
                    "people.guardian_relation.updated",
                    relation.guardian_id,
                    relation.pupil_id,
                    updated[relation.pk][2],
                )

    def _audit(self, action: str, guardian_id: int, pupil_id: int | None, fields: set[str]) -> None:
        subjects = [Subject("guardian", guardian_id)]
        if pupil_id is not None:
            subjects += [Subject("pupil", pupil_id)]
        audit_record(
            action=action,
            board_id=self.school.board_id,
            actor_id=self.actor.pk if self.actor else None,
            subjects=subjects,
            fields=sorted(fields),
            context={"source": "import"},
            channel=self.channel,
        )
