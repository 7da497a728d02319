"""The policy matrix (issue 3, "Done when"): every persona, every pupil-data endpoint and every
pupil category, for three pupils (pupil_a in the teacher's group, pupil_a2 in another group of
school A, pupil_b at school B).

Each cell proves, from raw response bodies, that:

- the status is what the policy gives (outsiders and parents on staff pages 404; parents on the
  staff API 401, as there is no staff session or token to check);
- the record text and education number of a category the persona may not read never appear, and
  those they may read do appear where the endpoint shows them (so the search cannot pass vacantly);
- writes succeed exactly where `may_write` allows them, and the policy keeps the issue's promises
  (`matrix.issue_rule`): teachers never see diagnoses or the education number, only care roles
  see diagnoses, outsiders see nothing.
"""

import inspect
from collections.abc import Iterator

import pytest
from django.db import transaction

from schoolprivacy.access.policy import PUPIL_KEYS
from schoolprivacy.conftest import world as world_fixture
from schoolprivacy.dossier.models import RECORD_CATEGORIES, Record
from schoolprivacy.taxonomy import CATEGORIES
from schoolprivacy.web.tests.pupils.matrix import (
    PARENTS,
    PERSONAS,
    PUPILS,
    READ_ENDPOINTS,
    URLS,
    WRITE_ENDPOINTS,
    Matrix,
    build_matrix,
    issue_rule,
)

# Each cell also runs in its own transaction, rolled back after it (the module's data stays).
pytestmark = pytest.mark.django_db
TEACHERS = ("teacher", "teacher_b")
CELLS = [
    pytest.param(persona, endpoint, key, id=f"{persona}|{endpoint}|{key}")
    for persona in PERSONAS
    for endpoint in (*READ_ENDPOINTS, *WRITE_ENDPOINTS)
    for key in PUPIL_KEYS
]


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker) -> Iterator[Matrix]:
    """The world and its records, built once for all cells and rolled back after the module.

    Write cells roll their own writes back, so every cell sees the same data.
    """
    # The conftest personas themselves (not a copy), built once instead of once per cell.
    build_world = inspect.unwrap(world_fixture)
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix(build_world(None))
        transaction.set_rollback(True)


def is_outsider(persona: str, pupil: str) -> bool:
    """Staff of another school or board (design.md §2): every lookup is a 404."""
    if persona == "other_board_staff":
        return True
    if persona == "teacher_b" or persona in ("director", "care_coordinator", "administration"):
        school_a_staff = persona != "teacher_b"
        return (pupil == "pupil_b") == school_a_staff
    return False


def expected_read_status(m: Matrix, persona: str, endpoint: str, pupil: str) -> int:
    if persona in PARENTS:
        return 401 if endpoint.startswith("api_") else 404
    if endpoint.endswith("_list"):
        return 200
    if endpoint == "ui_break_glass":
        return 200 if m.break_glass[(persona, pupil)] else 404
    if not m.visible[(persona, pupil)]:
        return 404
    if endpoint == "ui_record_form" and not m.may_write_any(persona, pupil):
        return 404
    return 200


def expected_write_status(m: Matrix, persona: str, endpoint: str, pupil: str, key: str) -> int:
    api = endpoint.startswith("api_")
    if persona in PARENTS:
        return 401 if api else 404
    if not m.visible[(persona, pupil)]:
        return 404
    writable = key in RECORD_CATEGORIES and m.writable[(persona, pupil, key)]
    if api:
        return 201 if writable else (422 if key not in RECORD_CATEGORIES else 403)
    if not m.may_write_any(persona, pupil):
        return 404
    # A category the form does not offer is a form error on the same page.
    return 302 if writable else 200


def assert_no_leak(m: Matrix, persona: str, key: str, body: str, where: str) -> None:
    for pupil in PUPILS:
        if m.allowed[(persona, pupil, key)]:
            continue
        for mark in m.marks.get((pupil, key), ()):
            assert mark not in body, f"{where} leaks {key} of {pupil} to {persona}"


def check_policy_keeps_the_issue_promises(m: Matrix, persona: str, key: str) -> None:
    for pupil in PUPILS:
        rule = issue_rule(persona, pupil, key)
        if rule is not None:
            assert m.allowed[(persona, pupil, key)] is rule, (persona, pupil, key)
        if persona in PARENTS or is_outsider(persona, pupil) or persona == "privacy_officer":
            assert not m.writable[(persona, pupil, key)], (persona, pupil, key)
        if persona in TEACHERS and key == "pupil.care.diagnosis":
            assert not m.writable[(persona, pupil, key)], (persona, pupil, key)


def check_read(m: Matrix, persona: str, endpoint: str, key: str) -> None:
    is_list = endpoint.endswith("_list")
    for target in ("pupil_a",) if is_list else PUPILS:
        status, body = m.get(persona, endpoint, target)
        where = f"{endpoint} of {target}"
        assert status == expected_read_status(m, persona, endpoint, target), where
        if not is_list and is_outsider(persona, target):
            assert status == 404, f"{where}: an outsider must get 404"
        assert_no_leak(m, persona, key, body, where)
        for shown in PUPILS:
            if status == 200 and key in READ_ENDPOINTS[endpoint] and (is_list or shown == target):
                for mark in m.marks.get((shown, key), ()):
                    present = mark in body
                    assert present is m.allowed[(persona, shown, key)], f"{where}: {mark}"


def check_write(m: Matrix, persona: str, endpoint: str, key: str) -> None:
    for target in PUPILS:
        pupil = m.pupils[target]
        url = URLS[endpoint].format(id=pupil.pk)
        text = f"NEW[{persona}:{target}:{key}]"
        data = {"category": key, "title": text, "body": text}
        client, headers = m.clients[persona], m.headers(persona, endpoint)
        with transaction.atomic():
            if endpoint.startswith("api_"):
                response = client.post(url, data, content_type="application/json", headers=headers)
            else:
                response = client.post(url, data)
            records = Record.objects.filter(pupil=pupil, category_key=key).count()
            transaction.set_rollback(True)
        expected = expected_write_status(m, persona, endpoint, target, key)
        where = f"{endpoint} for {target}"
        assert response.status_code == expected, where
        planted = 1 if key in RECORD_CATEGORIES else 0
        assert records == planted + (expected in (201, 302)), where
        assert_no_leak(m, persona, key, response.content.decode(), where)


@pytest.mark.parametrize(("persona", "endpoint", "key"), CELLS)
def test_cell(matrix: Matrix, persona: str, endpoint: str, key: str) -> None:
    check_policy_keeps_the_issue_promises(matrix, persona, key)
    if endpoint in WRITE_ENDPOINTS:
        check_write(matrix, persona, endpoint, key)
    else:
        check_read(matrix, persona, endpoint, key)


def test_the_matrix_covers_every_pupil_category_and_endpoint() -> None:
    assert set(PUPIL_KEYS) == {c.key for c in CATEGORIES if c.key.startswith("pupil.")}
    assert set(URLS) == {*READ_ENDPOINTS, *WRITE_ENDPOINTS}
    assert len(CELLS) == len(PERSONAS) * len(URLS) * len(PUPIL_KEYS)
