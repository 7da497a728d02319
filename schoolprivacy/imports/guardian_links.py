"""Links between pupils and their guardians, kept in step with the file, chunk by chunk.

A line names the pupil's guardians; each becomes a link (`GuardianRelation`) with the kind and the
parental authority the line gives. When a pupil's line names guardians but no longer one the
pupil is linked to, that link ends today (`GuardianRelation.ends_on`; issue 13.1: a guardian who
no longer appears loses access): the record and its history stay, and a later file that names the
guardian again opens the link again. A line that names no guardian at all ends nothing: an export
without guardian columns is no proof that parental authority ended.
"""

from datetime import date

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject
from schoolprivacy.imports.guardian_keys import name_key
from schoolprivacy.imports.parsing import GuardianRow
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.undo import Writes
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.schools.models import School

# guardian pk -> the link as it is: its pk (None while it waits to be created), kind, authority.
Link = tuple[int | None, str, bool]
# The fields of a new link, in the order of the rows `LinkSync.link` creates.
CREATED = ("board_id", "guardian_id", "pupil_id", "kind", "has_parental_authority")


class LinkSync:
    def __init__(
        self, *, school: School, actor: User | None, report: Report, channel: str, writes: Writes,
        today: date,
    ) -> None:  # fmt: skip
        self.school, self.actor, self.report, self.channel = school, actor, report, channel
        self.writes, self.today = writes, today
        # What the current chunk knows; replaced by each `load`.
        self.links: dict[int, dict[int, Link]] = {}  # pupil pk -> guardian pk -> link
        self.names: dict[int, str] = {}  # guardian pk -> name key
        self.ends: dict[int, date | None] = {}  # relation pk -> its end date

    def load(self, rows: list[tuple[Pupil, list[GuardianRow]]]) -> None:
        """The links of the chunk's pupils, with their guardians' names, for rule 1."""
        self.links, self.names, self.ends = {}, {}, {}
        relations = GuardianRelation.objects.filter(
            any_of("pupil_id", [pupil.pk for pupil, guardians in rows if guardians])
        ).values_list(
            "pk", "pupil_id", "guardian_id", "kind", "has_parental_authority", "ends_on",
            "guardian__first_name", "guardian__surname_prefix", "guardian__surname",
        )  # fmt: skip
        for pk, pupil_id, guardian_id, kind, authority, ends_on, *name in relations:
            self.links.setdefault(pupil_id, {})[guardian_id] = (pk, kind, authority)
            self.ends[pk] = ends_on
            self.names[guardian_id] = name_key(*name)

    def own(self, pupil: Pupil, row: GuardianRow) -> int | None:
        """Rule 1: a guardian the pupil already has, by name."""
        name = name_key(row.first_name, row.surname_prefix, row.surname)
        for guardian_id in self.links.get(pupil.pk, {}):
            if self.names.get(guardian_id) == name:
                return guardian_id
        return None

    def link(self, links: list[tuple[Pupil, int, GuardianRow]]) -> None:
        created: list[tuple[int, int, int, str, bool]] = []
        updated: dict[int, tuple[str, bool, set[str]]] = {}
        for pupil, guardian_id, row in links:
            known = self.links.setdefault(pupil.pk, {})
            link = known.get(guardian_id)
            kind, authority = row.kind, row.has_parental_authority
            known[guardian_id] = (link[0] if link else None, kind, authority)
            if link is None:
                created.append((self.school.board_id, guardian_id, pupil.pk, kind, authority))
                continue
            fields = {"kind"} if link[1] != kind else set()
            if link[2] != authority:
                fields.add("has_parental_authority")
            if fields and link[0] is not None:
                before = updated.get(link[0], ("", False, set()))[2]
                updated[link[0]] = (kind, authority, before | fields)
        if created:
            # Plain rows: a model object per link cost as much as writing it (issue 18.2).
            keys = self.writes.create_rows(GuardianRelation, CREATED, created)
            self.report.relations_created += len(created)
            self.writes.audit_batches(
                action="people.guardian_relation.created",
                school=self.school,
                actor=self.actor,
                ids=keys,
                fields=("kind", "has_parental_authority"),
                channel=self.channel,
                subject_type=subject_types.GUARDIAN_RELATION,
            )
        if updated:
            relations = list(GuardianRelation.objects.filter(any_of("pk", updated)))
            for relation in relations:
                relation.kind, relation.has_parental_authority, _ = updated[relation.pk]
            self.writes.update(relations, ["kind", "has_parental_authority"])
            self.report.relations_updated += len(relations)
            for relation in relations:
                self.audit(
                    "people.guardian_relation.updated",
                    relation.guardian_id,
                    relation.pupil_id,
                    updated[relation.pk][2],
                )

    def end_missing(
        self, rows: list[tuple[Pupil, list[GuardianRow]]], listed: dict[int, set[int]]
    ) -> None:
        """End the links the file no longer lists for a pupil (`listed`: pupil pk -> guardian
        pks of the file); open again those it lists."""
        ended: list[int] = []
        reopened: list[int] = []
        for pupil, guardians in rows:
            if not guardians:
                continue
            for guardian_id, (pk, _kind, _authority) in self.links.get(pupil.pk, {}).items():
                if pk is None or pk not in self.ends:
                    continue  # created in this chunk
                ends_on = self.ends[pk]
                if guardian_id not in listed.get(pupil.pk, set()):
                    if ends_on is None or ends_on > self.today:
                        ended.append(pk)
                elif ends_on is not None:
                    reopened.append(pk)
        for pks, value, action in (
            (ended, self.today, "people.guardian_relation.ended"),
            (reopened, None, "people.guardian_relation.reopened"),
        ):
            if not pks:
                continue
            relations = list(GuardianRelation.objects.filter(any_of("pk", pks)))
            for relation in relations:
                relation.ends_on = value
            self.writes.update(relations, ["ends_on"])
            self.report.relations_updated += len(relations)
            for relation in relations:
                self.audit(action, relation.guardian_id, relation.pupil_id, {"ends_on"})

    def audit(self, action: str, guardian_id: int, pupil_id: int | None, fields: set[str]) -> None:
        subjects = [Subject(subject_types.GUARDIAN, guardian_id)]
        if pupil_id is not None:
            subjects += [Subject(subject_types.PUPIL, pupil_id)]
        self.writes.audit_record(
            action=action,
            board_id=self.school.board_id,
            actor_id=self.actor.pk if self.actor else None,
            subjects=subjects,
            fields=sorted(fields),
            context={"source": "import"},
            channel=self.channel,
        )
