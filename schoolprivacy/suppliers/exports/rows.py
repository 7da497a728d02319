"""The one place an export's values are made: per pupil, only the fields of the agreement's set.

`pupil_rows` yields one `Row` per exported pupil, in chunks, so memory stays flat whatever the
size of the school. A row's `values` holds exactly the agreement's effective fields (a value is
computed only for a key in the set), and the formats in this package write nothing else about a
pupil: that is what makes every export stay inside its agreement (the property test checks it).

Pupils whose consent the agreement depends on does not allow processing are left out (domain.md,
Consent: silence is no; a refusal or withdrawal wins; a dispute stops processing). That is a
check-then-act, so the pupils' and the purpose's rows are share-locked first, in the order of
`consents.locks` (pupils, then purposes), and held until the export is committed.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import group_teacher_names
from schoolprivacy.consents import locks
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.rules import statuses_for_pupils
from schoolprivacy.consents.selectors import purpose_by_key
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group, School
from schoolprivacy.suppliers import eck
from schoolprivacy.suppliers.models import Agreement, EckId
from schoolprivacy.suppliers.pseudonyms import group_pseudonym, pseudonym, staff_pseudonym

CHUNK = 1000


class ExportRefused(Exception):
    """The export cannot be made as asked; the message is translated and can be shown."""


@dataclass(frozen=True)
class Teacher:
    key: str  # a per-supplier pseudonym of the staff member
    first_name: str
    family_name: str


@dataclass
class Row:
    pupil_id: int
    values: dict[str, Any]
    # The group, for the formats that build classes (never a value of its own).
    group_key: str = ""
    group: Group | None = None
    teachers: list[Teacher] = field(default_factory=list)


@dataclass
class Plan:
    """What one export will read: the pupils (already locked), the consent purpose, the fields."""

    agreement: Agreement
    school: School
    fields: tuple[str, ...]
    pupil_ids: list[int]
    day: date
    left_out: int = 0


def enrolled(school: School, day: date) -> Q:
    return Q(school=school, enrolled_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day))


def plan_export(
    *, agreement: Agreement, school: School, fields: tuple[str, ...], day: date
) -> Plan:
    """Lock the school's pupils (FOR SHARE) and the consent purpose, in consents.locks order."""
    ids = list(
        Pupil.objects.filter(enrolled(school, day), board_id=agreement.board_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locks.pupils_share(ids)
    if agreement.consent_purpose:
        purpose = purpose_by_key(school, agreement.consent_purpose, active_only=False)
        if purpose is None:
            # Fail closed: without the purpose nobody can have consented.
            raise ExportRefused(
                _("The agreement depends on a consent this school does not ask for.")
            )
        locks.purposes_share([purpose.pk])
    return Plan(agreement=agreement, school=school, fields=fields, pupil_ids=ids, day=day)


def _current_groups(
    pupil_ids: Sequence[int], day: date, cache: dict[int, Group]
) -> dict[int, Group]:
    """Each pupil's current group (the latest start wins); groups are read once per export."""
    placed: dict[int, int] = {}
    memberships = (
        GroupMembership.objects.filter(pupil_id__in=pupil_ids)
        .filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))
        .order_by("starts_on", "pk")
        .values_list("pupil_id", "group_id")
    )
    for pupil_id, group_id in memberships:
        placed[pupil_id] = group_id
    missing = set(placed.values()) - set(cache)
    if missing:
        cache.update(Group.objects.select_related("school_year").in_bulk(list(missing)))
    return {pupil_id: cache[group_id] for pupil_id, group_id in placed.items()}


class Facts(NamedTuple):
    """What an export may read of a pupil: a narrow row, not a model instance (speed)."""

    pk: int
    board_id: int
    first_name: str
    surname_prefix: str
    surname: str
    email: str
    date_of_birth: date
    education_number: str
    education_number_hash: str


def _facts(ids: Sequence[int], *, with_number: bool) -> list[Facts]:
    # The education number is read only when the ECK iD is in the set, and never leaves here.
    columns = [f for f in Facts._fields if with_number or not f.startswith("education_number")]
    rows = Pupil.objects.filter(pk__in=ids).order_by("pk").values_list(*columns)
    blank = () if with_number else ("", "")
    return [Facts._make((*row, *blank)) for row in rows]


def _allowed(ids: list[int], purpose: Purpose | None, day: date, plan: Plan) -> list[int]:
    """The pupils whose consent allows the processing (all, when the agreement needs none)."""
    if purpose is None:
        return ids
    pupils = list(Pupil.objects.filter(pk__in=ids).only("pk", "board_id", "date_of_birth"))
    statuses = statuses_for_pupils(pupils, [purpose], on=day)
    allowed = [p.pk for p in pupils if statuses[(p.pk, purpose.pk)].allows_processing]
    plan.left_out += len(ids) - len(allowed)
    return sorted(allowed)


def _eck_ids(pupils: Sequence[Facts]) -> dict[int, str]:
    """Stored hashed PGNs that are still valid; the others are computed now and stored."""
    salt_id = eck.salt_id()
    stored = {
        row.pupil_id: row
        for row in EckId.objects.filter(pupil_id__in=[p.pk for p in pupils], salt_id=salt_id)
    }
    found: dict[int, str] = {}
    for pupil in pupils:
        if not pupil.education_number:
            continue  # no number, no chain ID: the column stays empty for this pupil
        row = stored.get(pupil.pk)
        if row is not None and row.number_hash == pupil.education_number_hash:
            found[pupil.pk] = row.value
            continue
        value = eck.hashed_pgn(pupil.education_number)
        EckId.objects.update_or_create(
            pupil_id=pupil.pk,
            defaults={
                "board_id": pupil.board_id,
                "salt_id": salt_id,
                "number_hash": pupil.education_number_hash,
                "value": value,
            },
        )
        found[pupil.pk] = value
    return found


def pupil_rows(plan: Plan) -> Iterator[Row]:
    agreement, fields, day = plan.agreement, plan.fields, plan.day
    supplier_id, board_id = agreement.supplier_id, agreement.board_id
    purpose = (
        purpose_by_key(plan.school, agreement.consent_purpose, active_only=False)
        if agreement.consent_purpose
        else None
    )
    group_cache: dict[int, Group] = {}
    teachers_of: dict[int, list[Teacher]] = {}
    group_keys: dict[int, str] = {}
    for start in range(0, len(plan.pupil_ids), CHUNK):
        chunk_ids = _allowed(plan.pupil_ids[start : start + CHUNK], purpose, day, plan)
        pupils = _facts(chunk_ids, with_number="eck_id" in fields)
        groups = _current_groups(chunk_ids, day, group_cache)
        new_groups = {g.pk for g in groups.values()} - set(group_keys)
        for group_id in new_groups:
            group_keys[group_id] = group_pseudonym(
                board_id=board_id, supplier_id=supplier_id, group_id=group_id
            )
        if "teacher_names" in fields and new_groups:
            for group_id, found in group_teacher_names(new_groups, on=day).items():
                teachers_of[group_id] = [
                    Teacher(
                        staff_pseudonym(board_id=board_id, supplier_id=supplier_id, staff_id=pk),
                        first,
                        family,
                    )
                    for pk, first, family in found
                ]
        chain_ids = _eck_ids(pupils) if "eck_id" in fields else {}
        for pupil in pupils:
            group = groups.get(pupil.pk)
            group_teachers = teachers_of.get(group.pk, []) if group else []
            values = {
                key: _value(key, pupil, group, group_teachers, chain_ids, supplier_id)
                for key in fields
            }
            yield Row(
                pupil_id=pupil.pk,
                values=values,
                group_key=group_keys[group.pk] if group else "",
                group=group,
                teachers=group_teachers,
            )


def _value(
    key: str,
    pupil: Facts,
    group: Group | None,
    teachers: list[Teacher],
    chain_ids: dict[int, str],
    supplier_id: int,
) -> Any:
    if key == "pseudonym":
        return pseudonym(board_id=pupil.board_id, supplier_id=supplier_id, pupil_id=pupil.pk)
    if key == "first_name":
        return pupil.first_name
    if key == "surname_prefix":
        return pupil.surname_prefix
    if key == "surname":
        return pupil.surname
    if key == "year_group":
        return group.year_level if group else None
    if key == "group":
        return group.name if group else ""
    if key == "teacher_names":
        return [" ".join(p for p in (t.first_name, t.family_name) if p) for t in teachers]
    if key == "eck_id":
        return chain_ids.get(pupil.pk, "")
    if key == "email":
        return pupil.email
    if key == "date_of_birth":
        return pupil.date_of_birth.isoformat()
    raise KeyError(f"No export value is defined for field {key!r}.")
