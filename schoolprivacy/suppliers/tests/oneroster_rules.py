"""The OneRoster 1.2 CSV binding's file and header rules, written out independently of the
exporter (from the public 1EdTech OneRoster v1.2 CSV specification), to validate exports.

- manifest.csv has the header `propertyName,value`, `manifest.version` 1.0, `oneroster.version`
  1.2, and a `file.<name>` entry per data file: `bulk` for each file in the zip, `absent` for
  each file that is not; no file may be in the zip that the manifest calls absent.
- Each data file has exactly its header, in order, and every row the same number of cells.
- Bulk files leave `status` and `dateLastModified` empty.
- sourcedIds are unique within a file; references point at records in the zip.
- Required cells are filled; enumerations hold allowed values; dates are ISO 8601.
"""

import csv
import io
import re
import zipfile

HEADERS = {
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
    "parentSourcedId,schoolYear",
    "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
    "orgSourcedId,subjects,subjectCodes",
    "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
    "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
    "userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,"
    "preferredFamilyName,primaryOrgSourcedId,pronouns",
    "roles.csv": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
    "orgSourcedId,userProfileSourcedId",
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
    "userSourcedId,role,primary,beginDate,endDate",
    "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex,"
    "americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
    "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
    "hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,"
    "publicSchoolResidenceStatus",
}
REQUIRED = {
    "orgs.csv": ("sourcedId", "name", "type"),
    "academicSessions.csv": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
    "courses.csv": ("sourcedId", "title", "orgSourcedId"),
    "classes.csv": (
        "sourcedId",
        "title",
        "courseSourcedId",
        "classType",
        "schoolSourcedId",
        "termSourcedIds",
    ),
    "users.csv": ("sourcedId", "enabledUser", "username", "givenName", "familyName"),
    "roles.csv": ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics.csv": ("sourcedId",),
}
ENUMS = {
    ("orgs.csv", "type"): {"department", "school", "district", "local", "state", "national"},
    ("academicSessions.csv", "type"): {"gradingPeriod", "semester", "schoolYear", "term"},
    ("classes.csv", "classType"): {"homeroom", "scheduled"},
    ("users.csv", "enabledUser"): {"true", "false"},
    ("roles.csv", "roleType"): {"primary", "secondary"},
    ("roles.csv", "role"): {
        "aide",
        "counselor",
        "districtAdministrator",
        "guardian",
        "parent",
        "principal",
        "proctor",
        "relative",
        "siteAdministrator",
        "student",
        "systemAdministrator",
        "teacher",
    },
    ("enrollments.csv", "role"): {"administrator", "proctor", "student", "teacher"},
    ("enrollments.csv", "primary"): {"true", "false", ""},
}
DATES = {"startDate", "endDate", "birthDate", "beginDate"}
ALL_FILES = [
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
]


def read(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Validate a OneRoster 1.2 CSV zip; return its data files' rows. AssertionError otherwise."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert "manifest.csv" in names
    manifest = list(csv.reader(io.StringIO(archive.read("manifest.csv").decode("utf-8"))))
    assert manifest[0] == ["propertyName", "value"]
    props = dict(manifest[1:])
    assert props["manifest.version"] == "1.0"
    assert props["oneroster.version"] == "1.2"
    for name in ALL_FILES:
        mode = props.get(f"file.{name}")
        assert mode in ("bulk", "delta", "absent"), (name, mode)
        assert (mode != "absent") == (f"{name}.csv" in names), name
    files: dict[str, list[dict[str, str]]] = {}
    for name in names - {"manifest.csv"}:
        text = archive.read(name).decode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert ",".join(rows[0]) == HEADERS[name], name
        header = rows[0]
        records = []
        for cells in rows[1:]:
            assert len(cells) == len(header), name
            record = dict(zip(header, cells, strict=True))
            assert record["status"] == "" and record["dateLastModified"] == "", name
            for column in REQUIRED[name]:
                assert record[column], (name, column)
            for (file, column), allowed in ENUMS.items():
                if file == name:
                    assert record[column] in allowed, (name, column, record[column])
            for column in DATES & set(header):
                value = record[column]
                assert not value or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (name, column)
            records.append(record)
        ids = [r["sourcedId"] for r in records]
        assert len(ids) == len(set(ids)), f"duplicate sourcedIds in {name}"
        files[name] = records
    _references(files)
    return files


def _references(files: dict[str, list[dict[str, str]]]) -> None:
    def ids(name: str) -> set[str]:
        return {r["sourcedId"] for r in files.get(name, [])}

    orgs, users, classes = ids("orgs.csv"), ids("users.csv"), ids("classes.csv")
    for role in files.get("roles.csv", []):
        assert role["userSourcedId"] in users and role["orgSourcedId"] in orgs
    for user in files.get("users.csv", []):
        assert user["primaryOrgSourcedId"] in orgs
    for enrollment in files.get("enrollments.csv", []):
        assert enrollment["classSourcedId"] in classes
        assert enrollment["userSourcedId"] in users
        assert enrollment["schoolSourcedId"] in orgs
    for row in files.get("classes.csv", []):
        assert row["courseSourcedId"] in ids("courses.csv")
        assert row["schoolSourcedId"] in orgs
        assert set(row["termSourcedIds"].split(",")) <= ids("academicSessions.csv")
    for row in files.get("demographics.csv", []):
        assert row["sourcedId"] in users
