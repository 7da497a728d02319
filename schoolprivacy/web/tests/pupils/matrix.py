"""Data and expectations for the policy matrix (test_policy_matrix.py).

Every pupil of the conftest world gets one record of each record category, with a unique marker
in its title and body, and an education number; the test searches raw responses for them.

Expectations come from two places that must agree:

- the access policy itself (`visible_categories`, `may_write`, `visible_pupils`,
  `may_open_break_glass`): the endpoints must apply exactly what it says;
- `issue_rule` below: the rules issue 3 states in so many words (outsiders nothing, teachers no
  diagnosis and no education number, only care roles see diagnoses, ...), so that a change of the
  policy that breaks a promise fails here too.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.test import Client
from django.utils import timezone

from schoolprivacy.access.policy import PUPIL_KEYS, may_write, visible_categories, visible_pupils
from schoolprivacy.access.services import may_open_break_glass
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.conftest import World
from schoolprivacy.dossier.education_numbers import education_number_hash
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.lib.education_number import is_bsn
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff

PERSONAS = (
    "privacy_officer",
    "director",
    "teacher",
    "care_coordinator",
    "administration",
    "teacher_b",
    "other_board_staff",
    "parent",
    "parent_without_authority",
    "parent_b",
)
PARENTS = frozenset({"parent", "parent_without_authority", "parent_b"})
PUPILS = ("pupil_a", "pupil_a2", "pupil_b")
IDENTITY = "pupil.identity"
EDUCATION_NUMBER = "pupil.education_number"
DIAGNOSIS = "pupil.care.diagnosis"

# What each endpoint shows when it answers 200; markers of other categories must never appear.
READ_ENDPOINTS: dict[str, frozenset[str]] = {
    "ui_list": frozenset({IDENTITY}),
    "ui_detail": frozenset({IDENTITY, *RECORD_CATEGORIES}),
    "ui_detail_with_number": frozenset({IDENTITY, EDUCATION_NUMBER, *RECORD_CATEGORIES}),
    "ui_record_form": frozenset({IDENTITY}),
    "ui_break_glass": frozenset({IDENTITY}),
    "api_list": frozenset({IDENTITY}),
    "api_detail": frozenset({IDENTITY, EDUCATION_NUMBER}),
    "api_records": frozenset(RECORD_CATEGORIES),
}
WRITE_ENDPOINTS = ("ui_record_create", "api_record_create")
URLS = {
    "ui_list": "/leerlingen/",
    "ui_detail": "/leerlingen/{id}/",
    "ui_detail_with_number": "/leerlingen/{id}/?onderwijsnummer=tonen",
    "ui_record_form": "/leerlingen/{id}/notities/nieuw/",
    "ui_record_create": "/leerlingen/{id}/notities/nieuw/",
    "ui_break_glass": "/leerlingen/{id}/noodtoegang/",
    "api_list": "/api/v1/pupils",
    "api_detail": "/api/v1/pupils/{id}?education_number=true",
    "api_records": "/api/v1/pupils/{id}/records",
    "api_record_create": "/api/v1/pupils/{id}/records",
}


def issue_rule(persona: str, pupil: str, key: str) -> bool | None:
    """What issue 3 itself says about this cell; None where it leaves the choice to the policy."""
    own_school = pupil in ("pupil_a", "pupil_a2")
    if persona in PARENTS or persona in ("other_board_staff", "privacy_officer"):
        return False  # parents use the portal; the privacy officer has no routine access
    if persona == "teacher_b":
        teaches_pupil = pupil == "pupil_b"
    elif persona == "teacher":
        teaches_pupil = pupil == "pupil_a"
    else:
        teaches_pupil = False
        if not own_school:
            return False  # school-wide roles of school A see nothing of school B
    if persona in ("teacher", "teacher_b"):
        if not teaches_pupil or key in (DIAGNOSIS, EDUCATION_NUMBER, "pupil.religion"):
            return False
        if key in (IDENTITY, "pupil.results.tests", "pupil.observations", "pupil.care.measures"):
            return True
        return None
    if key == DIAGNOSIS:
        return persona == "care_coordinator"  # only care roles see diagnoses
    if persona == "care_coordinator" and key != EDUCATION_NUMBER:
        return True
    if persona == "administration" and key in (IDENTITY, "pupil.contact", EDUCATION_NUMBER):
        return True
    if persona == "director" and key in ("pupil.religion", EDUCATION_NUMBER):
        return False
    return None


def markers(pupil: str, key: str) -> tuple[str, ...]:
    return (f"TITLE[{pupil}:{key}]", f"BODY[{pupil}:{key}]")


def valid_bsns(count: int) -> list[str]:
    # From the range kept for tests (999 99x xxx), so no real person's number is ever used.
    numbers = (f"99999{n:04d}" for n in range(10_000))
    return [n for n in numbers if is_bsn(n)][:count]


@dataclass
class Matrix:
    world: World
    pupils: dict[str, Pupil]
    # (pupil, key) -> strings that appear only where that data is shown.
    marks: dict[tuple[str, str], tuple[str, ...]]
    allowed: dict[tuple[str, str, str], bool]
    writable: dict[tuple[str, str, str], bool]
    visible: dict[tuple[str, str], bool]
    break_glass: dict[tuple[str, str], bool]
    clients: dict[str, Client]
    bearer: dict[str, dict[str, str]]
    responses: dict[tuple[str, str, str], tuple[int, str]] = field(default_factory=dict, repr=False)

    def get(self, persona: str, endpoint: str, pupil: str) -> tuple[int, str]:
        """Status and raw body, fetched once per persona, endpoint and pupil."""
        key = (persona, endpoint, pupil)
        if key not in self.responses:
            url = URLS[endpoint].format(id=self.pupils[pupil].pk)
            response = self.clients[persona].get(url, headers=self.headers(persona, endpoint))
            self.responses[key] = (response.status_code, response.content.decode())
        return self.responses[key]

    def headers(self, persona: str, endpoint: str) -> dict[str, str]:
        return self.bearer.get(persona, {}) if endpoint.startswith("api_") else {}

    def may_write_any(self, persona: str, pupil: str) -> bool:
        return any(self.writable[(persona, pupil, key)] for key in RECORD_CATEGORIES)


def build_matrix(world: World) -> Matrix:
    pupils = {name: getattr(world, name) for name in PUPILS}
    now: datetime = timezone.now()
    marks: dict[tuple[str, str], tuple[str, ...]] = {}
    for (name, pupil), number in zip(pupils.items(), valid_bsns(len(pupils)), strict=True):
        for key in RECORD_CATEGORIES:
            title, body = markers(name, key)
            Record.objects.create(
                board=pupil.board, school=pupil.school, pupil=pupil, category_key=key,
                title=title, body=body, recorded_at=now,
            )  # fmt: skip
            marks[(name, key)] = (title, body)
        Pupil.objects.filter(pk=pupil.pk).update(
            education_number=number, education_number_hash=education_number_hash(number)
        )
        marks[(name, EDUCATION_NUMBER)] = (number,)
        marks[(name, IDENTITY)] = (pupil.name,)
    users = {persona: getattr(world, persona) for persona in PERSONAS}
    fresh = {name: Pupil.objects.get(pk=p.pk) for name, p in pupils.items()}
    allowed, writable, visible, break_glass = {}, {}, {}, {}
    for persona, user in users.items():
        seen = set(visible_pupils(user).values_list("id", flat=True))
        for name, pupil in fresh.items():
            visible[(persona, name)] = pupil.pk in seen
            break_glass[(persona, name)] = may_open_break_glass(user, pupil)
            readable = visible_categories(user, pupil)
            for key in PUPIL_KEYS:
                allowed[(persona, name, key)] = key in readable
                writable[(persona, name, key)] = may_write(user, pupil, key).allowed
    clients, bearer = {}, {}
    for persona, user in users.items():
        if persona in PARENTS:
            clients[persona] = sign_in_parent(Client(), user)
        else:
            clients[persona] = Client()
            _row, token = api_token_create(user=user, actor_id=None, channel="command")
            bearer[persona] = {"Authorization": f"Bearer {token}"}
            # The staff pages use the browser session; the API the token, as integrations do.
            sign_in_staff(clients[persona], user)
    return Matrix(world, fresh, marks, allowed, writable, visible, break_glass, clients, bearer)
