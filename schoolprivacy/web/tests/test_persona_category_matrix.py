"""Persona by data category: each role gets exactly what the need-to-know rules say, on every read
path (issue 11, "Done when").

`EXPECTED` below is written by hand from design.md §2 and domain.md — not computed from
`access.policy` — so that a changed rule in the policy fails here as surely as a page or API
operation that shows more (or less) than the policy decides. Each row is checked on four paths:
the policy itself, the API's pupil answer (`categories`), the API's records, and the staff pupil
page (by record titles). The personas include a leaver, the functional administrator, the privacy
officer, a teacher with an approved exception, a teacher under emergency access, and pupils who
left one and three years ago. `test_every_pupil_route_hides_pupils.py` covers every route for
404s; this file covers what each role sees once it is let in.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from schoolprivacy.access.models import Grant, Role
from schoolprivacy.access.policy import visible_categories
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.dossier.models import RECORD_CATEGORIES
from schoolprivacy.dossier.services import record_create
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.testing import factories
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db

IDENTITY, CONTACT, NUMBER = "pupil.identity", "pupil.contact", "pupil.education_number"
ENROLMENT, ABSENCE, IMAGE, ACCOUNT = (
    "pupil.enrolment",
    "pupil.absence",
    "pupil.image",
    "pupil.account",
)
RESULTS = {"pupil.results.tests", "pupil.results.reports", "pupil.results.central_exam"}
OBSERVATIONS, NOTES, MEASURES = "pupil.observations", "pupil.care.notes", "pupil.care.measures"
DIAGNOSIS, REFERRAL, RELIGION = "pupil.care.diagnosis", "pupil.care.referral", "pupil.religion"
EVERYTHING = {
    IDENTITY, CONTACT, NUMBER, ENROLMENT, ABSENCE, IMAGE, ACCOUNT, OBSERVATIONS, NOTES,
    MEASURES, DIAGNOSIS, REFERRAL, RELIGION, *RESULTS,
}  # fmt: skip

# design.md §2: a teacher needs what teaching their own group takes — the measure (extra time),
# not the diagnosis; the care coordinator handles special guidance, not the education number;
# the location director runs the school without special data; the administration enrols and
# reports (DUO, leerplicht) with the education number; board roles have no routine pupil reads.
TEACHER = {IDENTITY, ENROLMENT, ABSENCE, IMAGE, OBSERVATIONS, MEASURES, *RESULTS}
CARE = EVERYTHING - {NUMBER}
DIRECTOR = EVERYTHING - {NUMBER, DIAGNOSIS, RELIGION}
ADMINISTRATION = {IDENTITY, CONTACT, ENROLMENT, ABSENCE, NUMBER}
# domain.md, Retention: the pupil file stays two years after leaving, for those who keep it;
# enrolment and absence five years, for the administration only.
LEFT_ONE_YEAR = {"care coordinator": CARE, "administration": ADMINISTRATION}
LEFT_THREE_YEARS = {"administration": {IDENTITY, ENROLMENT, ABSENCE}}
NOTHING: set[str] = set()  # 404 everywhere

EXPECTED: dict[str, set[str]] = {
    "teacher of the pupil's group": TEACHER,
    "care coordinator": CARE,
    "location director": DIRECTOR,
    "administration": ADMINISTRATION,
    "teacher of another group": NOTHING,
    "care coordinator of another school": NOTHING,
    "privacy officer": NOTHING,
    "functional administrator": NOTHING,
    "teacher whose employment ended": NOTHING,
    "staff of another board": NOTHING,
    # An approved exception adds one category, nothing else.
    "teacher with an exception for diagnoses": TEACHER | {DIAGNOSIS},
    # Emergency access opens every category of the one pupil for a few hours.
    "teacher under emergency access": EVERYTHING,
}


@dataclass
class Cast:
    pupil: Pupil
    personas: dict[str, Any]


def _staff(world: Any, username: str, role: Role, **scope: Any) -> Any:
    member = factories.make_staff(board=world.board, username=username)
    factories.assign(member, role, **scope)
    return member.user


def _records(pupil: Pupil, writer: Any) -> None:
    for key in RECORD_CATEGORIES:
        record_create(actor=writer, pupil=pupil, category_key=key, title=f"Notitie {key}")


@pytest.fixture
def cast(world: Any) -> Cast:
    school, group = world.school_b, world.group_b
    care = _staff(world, "ib.b", Role.CARE_COORDINATOR, school=school)
    _records(world.pupil_b, care)
    director = _staff(world, "directeur.b", Role.LOCATION_DIRECTOR, school=school)
    leaver = _staff(world, "leerkracht.weg", Role.TEACHER, group=group)
    Staff.objects.filter(user=leaver).update(left_on=timezone.localdate() - timedelta(days=1))
    granted = _staff(world, "leerkracht.uitzondering", Role.TEACHER, group=group)
    make_grant(
        approver=world.privacy_officer,
        grantee=granted,
        school=school,
        category_key=DIAGNOSIS,
        scope=Grant.Scope.PUPILS,
        pupils=[world.pupil_b],
    )
    emergency = _staff(world, "leerkracht.nood", Role.TEACHER, group=group)
    break_glass_open(
        user=emergency, pupil=world.pupil_b, reason="Allergische reactie op schoolreis"
    )
    other_group = factories.make_group(school=school, name="3C", year_level=3)
    return Cast(
        pupil=world.pupil_b,
        personas={
            "teacher of the pupil's group": world.teacher_b,
            "care coordinator": care,
            "location director": director,
            "administration": _staff(world, "admin.b", Role.ADMINISTRATION, school=school),
            "teacher of another group": _staff(
                world, "leerkracht.3c", Role.TEACHER, group=other_group
            ),
            "care coordinator of another school": world.care_coordinator,
            "privacy officer": world.privacy_officer,
            "functional administrator": _staff(world, "beheer", Role.FUNCTIONAL_ADMIN),
            "teacher whose employment ended": leaver,
            "staff of another board": world.other_board_staff,
            "teacher with an exception for diagnoses": granted,
            "teacher under emergency access": emergency,
        },
    )


def _api(user: Any, path: str) -> Any:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client().get(path, headers={"Authorization": f"Bearer {token}"})


def _pupil_keys(keys: Any) -> set[str]:
    return {k for k in keys if k.startswith("pupil.")}


def assert_sees_exactly(user: Any, pupil: Pupil, expected: set[str], who: str) -> None:
    # 1. The policy.
    assert _pupil_keys(visible_categories(user, pupil)) == expected, f"policy: {who}"
    # 2. The API's pupil answer.
    answer = _api(user, f"/api/v1/pupils/{pupil.pk}")
    if not expected:
        assert answer.status_code == 404, f"api: {who}"
        assert pupil.surname not in answer.content.decode()
    else:
        assert answer.status_code == 200, f"api: {who}"
        assert _pupil_keys(c["key"] for c in answer.json()["categories"]) == expected, who
    # 3. The API's records: one record per category exists; exactly the expected ones return.
    records = _api(user, f"/api/v1/pupils/{pupil.pk}/records")
    if not expected:
        assert records.status_code == 404, f"records: {who}"
    else:
        shown = {r["category"] for r in records.json()}
        assert shown == expected & set(RECORD_CATEGORIES), f"records: {who}"
    # 4. The staff pupil page, by record titles.
    page = sign_in_staff(Client(), user).get(f"/leerlingen/{pupil.pk}/")
    if not expected:
        assert page.status_code == 404, f"page: {who}"
        assert pupil.surname not in page.content.decode()
        return
    assert page.status_code == 200, f"page: {who}"
    body = page.content.decode()
    titled = {key for key in RECORD_CATEGORIES if f"Notitie {key}" in body}
    assert titled == expected & set(RECORD_CATEGORIES), f"page: {who}"


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_its_categories(cast, persona):
    assert_sees_exactly(cast.personas[persona], cast.pupil, EXPECTED[persona], persona)


@pytest.mark.parametrize(
    ("years", "expected"), [(1, LEFT_ONE_YEAR), (3, LEFT_THREE_YEARS)], ids=["1 year", "3 years"]
)
def test_pupils_who_left_stay_visible_only_for_what_is_kept(world, years, expected):
    today = timezone.localdate()
    left_on = today.replace(year=today.year - years) - timedelta(days=1)
    school = world.school_b
    care = _staff(world, "ib.b", Role.CARE_COORDINATOR, school=school)
    pupil = factories.make_pupil(
        group=world.group_b, first_name="Lotte", surname="Vos", date_of_birth=date(2006, 5, 1)
    )
    _records(pupil, care)
    Pupil.objects.filter(pk=pupil.pk).update(left_on=left_on)
    pupil.refresh_from_db()
    personas = {
        "teacher": world.teacher_b,
        "care coordinator": care,
        "location director": _staff(world, "directeur.b", Role.LOCATION_DIRECTOR, school=school),
        "administration": _staff(world, "admin.b", Role.ADMINISTRATION, school=school),
    }
    for who, user in personas.items():
        assert_sees_exactly(user, pupil, expected.get(who, NOTHING), f"{who}, left {years}y")
