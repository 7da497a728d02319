"""Property: whatever data set an agreement names, no export contains a column or a value outside
it; the education number and special data never appear in any export.

Hypothesis draws random field sets (and a format). The pupils carry marker values that occur
nowhere else, so a marker of a field outside the set found anywhere in the file is a leak.
"""

import csv
import io
import itertools
import json
import zipfile
from datetime import date

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import education_number_set, record_create
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Group
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests import oneroster_rules
from schoolprivacy.suppliers.tests.helpers import make_agreement, make_supplier
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

NUMBER = "123456782"
DIAGNOSIS = "Dyslexiezqdiagnose"
# Per field, values that only that field can bring into an export.
MARKERS = {
    "first_name": ["Fqzvoornaam"],
    "surname_prefix": ["vqzp"],
    "surname": ["Sqzachternaam"],
    "group": ["Groepqz"],
    "teacher_names": ["Tqzleraar"],
    "email": ["mailqz@example.org"],
    "date_of_birth": ["2016-02-29"],
}
# OneRoster columns that carry a field's data; every other column is structure (keys, codes).
ONEROSTER_SOURCES = {
    ("users.csv", "givenName"): {"first_name", "teacher_names"},
    ("users.csv", "familyName"): {"surname", "surname_prefix", "teacher_names"},
    ("users.csv", "email"): {"email"},
    ("users.csv", "grades"): {"year_group"},
    ("users.csv", "userIds"): {"eck_id"},
    ("demographics.csv", "birthDate"): {"date_of_birth"},
    ("classes.csv", "title"): {"group"},
    ("courses.csv", "title"): {"group"},
    ("classes.csv", "grades"): {"year_group"},
    ("courses.csv", "grades"): {"year_group"},
}
_names = itertools.count()


def _marked_pupil(world: World) -> Pupil:
    group = Group.objects.create(
        board=world.board,
        school=world.school_a,
        school_year=world.group_a.school_year,
        name="Groepqz",
        year_level=7,
    )
    pupil = factories.make_pupil(
        group=group,
        first_name="Fqzvoornaam",
        surname="Sqzachternaam",
        date_of_birth=date(2016, 2, 29),
    )
    pupil.surname_prefix = "vqzp"
    pupil.email = "mailqz@example.org"
    pupil.save()
    teacher = factories.make_staff(board=world.board, username="Tqzleraar", first_name="Kim")
    from schoolprivacy.access.models import Role

    factories.assign(teacher, Role.TEACHER, group=group)
    education_number_set(actor=world.administration, pupil=pupil, number=NUMBER)
    record_create(
        actor=world.care_coordinator,
        pupil=pupil,
        category_key="pupil.care.diagnosis",
        title=DIAGNOSIS,
        body=DIAGNOSIS,
    )
    return pupil


def _texts(fmt: str, data: bytes) -> dict[str, str]:
    if fmt == "oneroster":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return {n: archive.read(n).decode() for n in archive.namelist()}
    return {"file": data.decode()}


def _check_structure(fmt: str, data: bytes, fields: tuple[str, ...]) -> None:
    if fmt == "uwlr_csv":
        header = next(csv.reader(io.StringIO(data.decode())))
        assert tuple(header) == fields
    elif fmt == "uwlr_json":
        body = json.loads(data)
        assert tuple(body["fields"]) == fields
        assert all(tuple(row) == fields for row in body["pupils"])
    else:
        files = oneroster_rules.read(data)
        assert ("demographics.csv" in files) == ("date_of_birth" in fields)
        assert ("classes.csv" in files) == ("group" in fields)
        teachers = [r for r in files["roles.csv"] if r["role"] == "teacher"]
        assert bool(teachers) == ("teacher_names" in fields)
        for name, rows in files.items():
            for row in rows:
                for column, value in row.items():
                    sources = ONEROSTER_SOURCES.get((name, column))
                    if value and sources is not None:
                        assert sources & set(fields), (name, column)


@override_settings(ECK_ID_SALT="ZGVtby1lY2staWQtc2FsdA==")
def test_no_export_leaves_its_data_set(world: World) -> None:
    _marked_pupil(world)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        drawn=st.sets(st.sampled_from(datasets.KEYS), min_size=1),
        fmt=st.sampled_from(["oneroster", "uwlr_csv", "uwlr_json"]),
        # Mostly sets a roster can be made from, so the roster's every file is exercised.
        roster_ready=st.booleans(),
    )
    def check(drawn: set[str], fmt: str, roster_ready: bool) -> None:
        fields = drawn | ({"pseudonym", "first_name", "surname"} if roster_ready else set())
        agreement = make_agreement(
            world, supplier=make_supplier(world, f"Leverancier {next(_names)}"), fields=list(fields)
        )
        try:
            made = export_make(
                agreement=agreement, school=world.school_a, actor=world.administration, fmt=fmt
            )
        except ExportRefused:
            assert fmt == "oneroster"
            assert not {"pseudonym", "first_name", "surname"} <= fields
            return
        data = made.file.read()
        exported = tuple(k for k in datasets.KEYS if k in fields)
        _check_structure(fmt, data, exported)
        everything = "\n".join(_texts(fmt, data).values())
        assert NUMBER not in everything
        assert DIAGNOSIS.lower() not in everything.lower()
        for key, values in MARKERS.items():
            for value in values:
                assert (value in everything) == (key in fields), (key, fmt, sorted(fields))

    check()
