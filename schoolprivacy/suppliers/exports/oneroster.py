"""1EdTech OneRoster 1.2 CSV: a zip with manifest.csv and the files the data set allows.

The 1.2 CSV binding: every file has its fixed header in a fixed order, UTF-8, one row per record;
a bulk file leaves `status` and `dateLastModified` empty; manifest.csv (`propertyName,value`)
names the versions and marks each file `bulk` or `absent`. Which files are written follows from
the agreement's set:

- orgs.csv (the school) and users.csv, roles.csv: always (a roster without users is none);
  users need a key (`pseudonym`) and the name parts OneRoster requires (`first_name`, `surname`);
- classes, courses, academicSessions, enrollments: only with `group` (membership of a group is
  the group field's data);
- teachers as users: only with `teacher_names`;
- demographics.csv: only with `date_of_birth` (birthDate); its sex and ethnicity columns, which
  the header requires, are always empty (domain.md: never gender or demographics).

Each file is first written to its own temporary file in a single pass over the pupils, then copied
into the zip, so memory stays flat. Entries carry a fixed date, so the same data gives the same
bytes (and the same checksum).
"""

import csv
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _

from schoolprivacy.schools.models import Group
from schoolprivacy.suppliers.exports.rows import ExportRefused, Plan, Row, Teacher

HEADERS: dict[str, tuple[str, ...]] = {
    "orgs.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "name",
        "type",
        "identifier",
        "parentSourcedId",
    ),
    "academicSessions.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ),
    "courses.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ),
    "classes.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),
    "users.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ),
    "roles.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
    "demographics.csv": (
        "sourcedId",
        "status",
        "dateLastModified",
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
}
# Every data file manifest.csv speaks of in 1.2, in the binding's order.
MANIFEST_FILES = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItemLearningObjectiveIds",
    "lineItems",
    "lineItemScoreScales",
    "orgs",
    "resources",
    "resultLearningObjectiveIds",
    "results",
    "resultScoreScales",
    "roles",
    "scoreScales",
    "userProfiles",
    "userResources",
    "users",
)
FIXED_DATE = (2000, 1, 1, 0, 0, 0)
REQUIRED_FIELDS = ("pseudonym", "first_name", "surname")


def check_fields(fields: tuple[str, ...]) -> None:
    missing = [k for k in REQUIRED_FIELDS if k not in fields]
    if missing:
        raise ExportRefused(
            _(
                "A OneRoster export needs the fields %(keys)s in the agreement's data set; "
                "use the narrow data set format instead."
            )
            % {"keys": ", ".join(missing)}
        )


def files_for(fields: tuple[str, ...]) -> tuple[str, ...]:
    names = ["orgs.csv", "users.csv", "roles.csv"]
    if "group" in fields:
        names += ["academicSessions.csv", "courses.csv", "classes.csv", "enrollments.csv"]
    if "date_of_birth" in fields:
        names.append("demographics.csv")
    return tuple(names)


class _Csv:
    def __init__(self, name: str) -> None:
        self.name = name
        self.header = HEADERS[name]
        self.columns = frozenset(self.header)
        self.raw: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
        self.text = io.TextIOWrapper(self.raw, encoding="utf-8", newline="", write_through=True)
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(self.header)

    def row(self, **values: Any) -> None:
        unknown = values.keys() - self.columns
        if unknown:
            raise KeyError(f"{self.name} has no columns {sorted(unknown)}")
        self.writer.writerow(["" if values.get(c) is None else values.get(c) for c in self.header])


def _family(values: dict[str, Any]) -> str:
    return " ".join(p for p in (values.get("surname_prefix"), values.get("surname")) if p)


def write(plan: Plan, rows: Iterable[Row], out: IO[bytes]) -> None:
    fields = plan.fields
    check_fields(fields)
    names = files_for(fields)
    files = {name: _Csv(name) for name in names}
    org = plan.school.brin
    files["orgs.csv"].row(sourcedId=org, name=plan.school.name, type="school", identifier=org)
    groups: dict[str, Group] = {}
    teachers: dict[str, Teacher] = {}
    teacher_classes: set[tuple[str, str]] = set()
    with_groups = "group" in fields
    for row in rows:
        values = row.values
        key = values["pseudonym"]
        year = values.get("year_group")
        eck_id = values.get("eck_id")
        files["users.csv"].row(
            sourcedId=key,
            enabledUser="true",
            username=key,
            userIds=f"{{ECK:{eck_id}}}" if eck_id else "",
            givenName=values["first_name"],
            familyName=_family(values),
            email=values.get("email", ""),
            grades=f"{year:02d}" if isinstance(year, int) else "",
            primaryOrgSourcedId=org,
        )
        files["roles.csv"].row(
            sourcedId=f"role-{key}",
            userSourcedId=key,
            roleType="primary",
            role="student",
            orgSourcedId=org,
        )
        if "demographics.csv" in files:
            files["demographics.csv"].row(sourcedId=key, birthDate=values["date_of_birth"])
        if "teacher_names" in fields:
            for teacher in row.teachers:
                teachers.setdefault(teacher.key, teacher)
                if with_groups and row.group_key:
                    teacher_classes.add((teacher.key, row.group_key))
        if with_groups and row.group is not None:
            groups.setdefault(row.group_key, row.group)
            files["enrollments.csv"].row(
                sourcedId=f"{row.group_key}-{key}",
                classSourcedId=row.group_key,
                schoolSourcedId=org,
                userSourcedId=key,
                role="student",
                primary="false",
            )
    for teacher in teachers.values():
        files["users.csv"].row(
            sourcedId=teacher.key,
            enabledUser="true",
            username=teacher.key,
            givenName=teacher.first_name,
            familyName=teacher.family_name,
            primaryOrgSourcedId=org,
        )
        files["roles.csv"].row(
            sourcedId=f"role-{teacher.key}",
            userSourcedId=teacher.key,
            roleType="primary",
            role="teacher",
            orgSourcedId=org,
        )
    for teacher_key, class_key in sorted(teacher_classes):
        files["enrollments.csv"].row(
            sourcedId=f"{class_key}-{teacher_key}",
            classSourcedId=class_key,
            schoolSourcedId=org,
            userSourcedId=teacher_key,
            role="teacher",
            primary="true",
        )
    if with_groups:
        _write_classes(files, groups, org, "year_group" in fields)
    _zip(files, names, out)


def _write_classes(files: dict[str, _Csv], groups: dict[str, Group], org: str, years: bool) -> None:
    sessions: set[int] = set()
    for key, group in groups.items():
        year = group.school_year
        session = f"sy-{year.pk}"
        if year.pk not in sessions:
            sessions.add(year.pk)
            files["academicSessions.csv"].row(
                sourcedId=session,
                title=year.name,
                type="schoolYear",
                startDate=year.starts_on.isoformat(),
                endDate=year.ends_on.isoformat(),
                schoolYear=str(year.ends_on.year),
            )
        grades = f"{group.year_level:02d}" if years else ""
        files["courses.csv"].row(
            sourcedId=f"course-{key}",
            schoolYearSourcedId=session,
            title=group.name,
            grades=grades,
            orgSourcedId=org,
        )
        files["classes.csv"].row(
            sourcedId=key,
            title=group.name,
            grades=grades,
            courseSourcedId=f"course-{key}",
            classType="homeroom",
            schoolSourcedId=org,
            termSourcedIds=session,
        )


def _manifest(names: tuple[str, ...]) -> bytes:
    present = {n.removesuffix(".csv") for n in names}
    lines = [
        ("propertyName", "value"),
        ("manifest.version", "1.0"),
        ("oneroster.version", "1.2"),
        *((f"file.{f}", "bulk" if f in present else "absent") for f in MANIFEST_FILES),
        ("source.systemName", "Schoolprivacy"),
        ("source.systemCode", "schoolprivacy"),
    ]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(lines)
    return text.getvalue().encode()


def _zip(files: dict[str, _Csv], names: tuple[str, ...], out: IO[bytes]) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("manifest.csv", FIXED_DATE), _manifest(names))
        for name in names:
            handle = files[name]
            handle.text.flush()
            handle.text.detach()
            handle.raw.seek(0)
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                shutil.copyfileobj(handle.raw, member, 64 * 1024)
            handle.raw.close()
