"""The baseline of issue 18.2: a careful bulk importer of the same export into the same models.

What a careful developer would write for one known file layout, with none of what `import-las`
promises beyond that: it reads the whole school into memory, checks every cell it stores (dates,
the BSN's 11-check, email addresses), writes pupils, guardians, pupil-guardian links, groups and
group places with `bulk_create`, and on a re-import reads the existing rows, compares them and
`bulk_update`s only the changed ones, all in one transaction. The education number is stored
through the same encrypted field with the same lookup hash, so the rows are the rows an import
writes. No audit events, no accounts, no preview, no undo, no warnings: that is the difference
`benchmarks/import_las.py` measures.

    from careful_import import careful_import
    result = careful_import(path, school, today=date.today())
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.validators import validate_email
from django.db import transaction

from schoolprivacy.dossier.education_numbers import education_number_hash
from schoolprivacy.lib.education_number import validate
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import Group, School, SchoolYear

BATCH = 500
PUPIL_FIELDS = ("first_name", "given_names", "surname_prefix", "surname", "date_of_birth",
                "enrolled_on")  # fmt: skip
GUARDIAN_FIELDS = ("first_name", "surname_prefix", "surname", "email", "phone")
KINDS = {"moeder": "parent", "vader": "parent", "ouder": "parent", "voogd": "voogd"}


@dataclass
class Counts:
    pupils_created: int = 0
    pupils_updated: int = 0
    guardians_created: int = 0
    guardians_updated: int = 0
    links_created: int = 0
    links_updated: int = 0
    groups_created: int = 0
    places_created: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(v for v in vars(self).values() if isinstance(v, int))


def _date(text: str) -> date:
    day, month, year = (int(part) for part in text.split("-"))
    return date(year, month, day)


def _rows(path: Path, encoding: str) -> Iterator[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def _guardians(row: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for n in (1, 2):
        name = row[f"Ouder {n} naam"].strip()
        if not name:
            continue
        first, _, rest = name.partition(" ")
        prefix, _, surname = rest.rpartition(" ")
        email = row[f"Ouder {n} e-mail"].strip().lower()
        if email:
            validate_email(email)
        found.append({
            "first_name": first, "surname_prefix": prefix, "surname": surname, "email": email,
            "phone": row[f"Ouder {n} telefoon"].strip(),
            "kind": KINDS.get(row[f"Ouder {n} relatie"].strip().lower(), "other"),
            "has_parental_authority": row[f"Ouder {n} gezag"].strip().lower() == "ja",
        })  # fmt: skip
    return found


def _pupil(row: dict[str, str], school: School) -> dict[str, Any]:
    number = validate(row["BSN"]) if row["BSN"].strip() else ""
    return {
        "board_id": school.board_id, "school": school, "external_id": row["Leerlingnummer"],
        "first_name": row["Roepnaam"], "given_names": row["Voornamen"],
        "surname_prefix": row["Voorvoegsel"], "surname": row["Achternaam"],
        "date_of_birth": _date(row["Geboortedatum"]),
        "enrolled_on": _date(row["Datum inschrijving"]),
        "education_number": number,
        "education_number_hash": education_number_hash(number) if number else "",
    }  # fmt: skip


def _changed(obj: Any, values: dict[str, Any], names: tuple[str, ...]) -> bool:
    changed = False
    for name in names:
        if values[name] != getattr(obj, name):
            setattr(obj, name, values[name])
            changed = True
    return changed


def _school_year(school: School, today: date) -> SchoolYear:
    first = today.year if (today.month, today.day) >= (8, 1) else today.year - 1
    return SchoolYear.objects.get_or_create(
        board_id=school.board_id, name=f"{first}-{first + 1}",
        defaults={"starts_on": date(first, 8, 1), "ends_on": date(first + 1, 7, 31)},
    )[0]  # fmt: skip


def careful_import(path: Path, school: School, *, today: date, encoding: str = "cp1252") -> Counts:
    counts = Counts()
    lines = [(row, _pupil(row, school), _guardians(row)) for row in _rows(path, encoding)]
    with transaction.atomic():
        pupils = _sync_pupils(school, [values for _, values, _ in lines], counts)
        by_key = {p.external_id: p for p in pupils}
        _sync_groups(school, today, [(by_key[row["Leerlingnummer"]], row["Groep"])
                                     for row, _, _ in lines], counts)  # fmt: skip
        _sync_guardians(school, [(by_key[row["Leerlingnummer"]], guardians)
                                 for row, _, guardians in lines], counts)  # fmt: skip
    return counts


def _sync_pupils(school: School, rows: list[dict[str, Any]], counts: Counts) -> list[Pupil]:
    existing = {p.external_id: p for p in Pupil.objects.filter(school=school)}
    new, changed, result = [], [], []
    for values in rows:
        pupil = existing.get(values["external_id"])
        if pupil is None:
            pupil = Pupil(**values)
            new.append(pupil)
        else:
            number_changed = values["education_number_hash"] != pupil.education_number_hash
            if number_changed:
                pupil.education_number = values["education_number"]
                pupil.education_number_hash = values["education_number_hash"]
            if _changed(pupil, values, PUPIL_FIELDS) or number_changed:
                changed.append(pupil)
        result.append(pupil)
    Pupil.objects.bulk_create(new, batch_size=BATCH)
    fields = [*PUPIL_FIELDS, "education_number", "education_number_hash"]
    Pupil.objects.bulk_update(changed, fields, batch_size=BATCH)
    counts.pupils_created, counts.pupils_updated = len(new), len(changed)
    return result


def _sync_groups(
    school: School, today: date, places: list[tuple[Pupil, str]], counts: Counts
) -> None:
    year = _school_year(school, today)
    groups = {g.name: g for g in Group.objects.filter(school=school, school_year=year)}
    new_groups = [
        Group(board_id=school.board_id, school=school, school_year=year, name=name,
              year_level=int("".join(c for c in name if c.isdigit()) or 1))
        for name in sorted({name for _, name in places} - set(groups))
    ]  # fmt: skip
    Group.objects.bulk_create(new_groups, batch_size=BATCH)
    groups.update({g.name: g for g in new_groups})
    current = {
        m.pupil_id: m
        for m in GroupMembership.objects.filter(group__school_year=year, group__school=school,
                                                ends_on__isnull=True)
    }  # fmt: skip
    new, ended = [], []
    for pupil, name in places:
        group = groups[name]
        place = current.get(pupil.pk)
        if place is not None and place.group_id == group.pk:
            continue
        starts_on = max(today, year.starts_on, pupil.enrolled_on)
        if place is not None:
            place.ends_on = max(starts_on - timedelta(days=1), place.starts_on)
            ended.append(place)
        new.append(GroupMembership(board_id=school.board_id, pupil=pupil, group=group,
                                   starts_on=starts_on))  # fmt: skip
    GroupMembership.objects.bulk_update(ended, ["ends_on"], batch_size=BATCH)
    GroupMembership.objects.bulk_create(new, batch_size=BATCH)
    counts.groups_created, counts.places_created = len(new_groups), len(new)


def _sync_guardians(
    school: School, rows: list[tuple[Pupil, list[dict[str, Any]]]], counts: Counts
) -> None:
    links = {
        (r.pupil_id, r.guardian_id): r
        for r in GuardianRelation.objects.filter(pupil__school=school)
    }
    known = {g.pk: g for g in Guardian.objects.filter(relations__pupil__school=school).distinct()}
    by_email = {g.email: g for g in known.values() if g.email}
    by_name = {(g.first_name, g.surname_prefix, g.surname, g.phone): g for g in known.values()}
    new: list[Guardian] = []
    changed: dict[int, Guardian] = {}
    wanted: list[tuple[Pupil, Guardian, dict[str, Any]]] = []
    settled: set[int] = set()  # the first line that names a guardian sets their details
    for pupil, guardians in rows:
        for values in guardians:
            name = (values["first_name"], values["surname_prefix"], values["surname"],
                    values["phone"])  # fmt: skip
            guardian = by_email.get(values["email"]) if values["email"] else None
            guardian = guardian or by_name.get(name)
            if guardian is None:
                guardian = Guardian(board_id=school.board_id,
                                    **{n: values[n] for n in GUARDIAN_FIELDS})  # fmt: skip
                new.append(guardian)
                by_email.setdefault(values["email"], guardian)
                by_name[name] = guardian
            elif (
                id(guardian) not in settled
                and guardian.pk is not None
                and _changed(guardian, values, GUARDIAN_FIELDS)
            ):
                changed[guardian.pk] = guardian
            settled.add(id(guardian))
            wanted.append((pupil, guardian, values))
    Guardian.objects.bulk_create(new, batch_size=BATCH)
    Guardian.objects.bulk_update(list(changed.values()), list(GUARDIAN_FIELDS), batch_size=BATCH)
    new_links, changed_links = [], []
    for pupil, guardian, values in wanted:
        link = links.get((pupil.pk, guardian.pk))
        if link is None:
            link = GuardianRelation(
                board_id=school.board_id,
                pupil=pupil,
                guardian=guardian,
                kind=values["kind"],
                has_parental_authority=values["has_parental_authority"],
            )
            links[(pupil.pk, guardian.pk)] = link
            new_links.append(link)
        elif _changed(link, values, ("kind", "has_parental_authority")):
            changed_links.append(link)
    GuardianRelation.objects.bulk_create(new_links, batch_size=BATCH)
    GuardianRelation.objects.bulk_update(changed_links, ["kind", "has_parental_authority"],
                                         batch_size=BATCH)  # fmt: skip
    counts.guardians_created, counts.guardians_updated = len(new), len(changed)
    counts.links_created, counts.links_updated = len(new_links), len(changed_links)
