"""Every page and API operation that takes a pupil, taken from the URL conf and the OpenAPI
document (so a new one cannot be missed), answers 404 to everyone the policy keeps out, and not
404 to someone it lets in (so the 404s are not vacuous). Issue 11, "Done when".

The personas are the conftest world's plus a staff member whose employment ended, the
functional administrator, the privacy officer, and parents of a pupil of 18+ who did not allow
them to see her data. The pupil is `pupil_b` at school B (or `adult`, 19, for the portal).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.api.router import api
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.people.models import Pupil, Staff
from schoolprivacy.testing import factories
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff

pytestmark = pytest.mark.django_db

PUPIL_PARAM = "pupil_id"
# Routes that take a pupil but are another check's business, with the reason.
NOT_HERE = {
    # A photo file of a child: needs a tagged photo; photos/tests/test_rights.py checks it.
    "ouders/kinderen/<int:pupil_id>/fotos/<int:photo_id>.jpg",
    # A video's still for a parent: needs a video the child is listed in; videos/tests/test_pages.py
    # and the route test of other boards (test_every_object_route_hides_other_boards) check it.
    "ouders/kinderen/<int:pupil_id>/videos/<int:video_id>.jpg",
    # Changing or deleting a record: needs a record; web/tests/test_record_edit.py checks it.
    "leerlingen/<int:pupil_id>/notities/<int:record_id>/wijzigen/",
    "leerlingen/<int:pupil_id>/notities/<int:record_id>/verwijderen/",
}
# Oversight pages the privacy officer may open for any pupil of the board (decision 0005: they
# show who read the pupil's data, not the data).
OVERSIGHT = {
    "toegang/inzage/leerling/<int:pupil_id>/",
    # Who read or changed the pupil: the audit log about them (issue 17).
    "audit/leerling/<int:pupil_id>/",
    # Carrying out an erasure request and placing a legal hold are the privacy officer's task
    # for every pupil of the board (decision 0026); the pages show counts per category, no data.
    "privacy/leerlingen/<int:pupil_id>/wissen/",
    "privacy/leerlingen/<int:pupil_id>/bewaarplicht/",
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def page_routes() -> list[str]:
    routes = {r for r in _walk(get_resolver().url_patterns) if not r.startswith("api/")}
    return sorted(r for r in routes if f":{PUPIL_PARAM}>" in r and r not in NOT_HERE)


def api_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (path, method)
        for path, operations in paths.items()
        if "{" + PUPIL_PARAM + "}" in path
        for method in operations
    )


@dataclass
class Cast:
    pupil: Pupil
    adult: Pupil
    purpose: Purpose
    outsiders: dict[str, Any]  # persona -> user
    insiders: dict[str, Any]
    portal_outsiders: dict[str, Any]
    portal_insiders: dict[str, Any]


@pytest.fixture
def cast(world: Any) -> Cast:
    purposes_install_defaults(board=world.board, actor_id=None)
    yesterday = timezone.localdate() - timedelta(days=1)

    def staff(username: str, role: Role, **scope: Any) -> Any:
        member = factories.make_staff(board=world.board, username=username)
        factories.assign(member, role, **scope)
        return member.user

    leaver = staff("leerkracht.weg", Role.TEACHER, group=world.group_b)
    Staff.objects.filter(user=leaver).update(left_on=yesterday)
    adult = factories.make_pupil(
        group=world.group_b, first_name="Iris", surname="Meijer", date_of_birth=date(2000, 1, 1)
    )
    parent_of_adult = factories.make_parent(pupil=adult, email="ouder.iris@example.nl").user
    return Cast(
        pupil=world.pupil_b,
        adult=adult,
        purpose=Purpose.objects.filter(board=world.board).order_by("pk")[0],
        outsiders={
            "teacher of another school": world.teacher,
            "director of another school": world.director,
            "care coordinator of another school": world.care_coordinator,
            "administration of another school": world.administration,
            "staff of another board": world.other_board_staff,
            "privacy officer": world.privacy_officer,
            "functional administrator": staff("beheer", Role.FUNCTIONAL_ADMIN),
            "teacher whose employment ended": leaver,
        },
        insiders={
            "teacher": world.teacher_b,
            "care coordinator": staff("ib.b", Role.CARE_COORDINATOR, school=world.school_b),
            "administration": staff("administratie.b", Role.ADMINISTRATION, school=world.school_b),
            "director": staff("directeur.b", Role.LOCATION_DIRECTOR, school=world.school_b),
        },
        portal_outsiders={
            "parent of another child": world.parent,
            "parent of 18+": parent_of_adult,
        },
        portal_insiders={"parent": world.parent_b},
    )


def _url(route: str, pupil: Pupil, purpose: Purpose) -> str:
    url = route.replace("<int:pupil_id>", str(pupil.pk))
    return "/" + url.replace("<int:purpose_id>", str(purpose.pk))


def _page(user: Any, url: str, *, parent: bool) -> tuple[int, str]:
    client = sign_in_parent(Client(), user) if parent else sign_in_staff(Client(), user)
    response = client.get(url)
    if response.status_code == 405:  # a POST-only view
        response = client.post(url, {})
    return response.status_code, response.content.decode()


def test_the_routes_are_found():
    routes = page_routes()
    assert "leerlingen/<int:pupil_id>/" in routes
    assert "ouders/kinderen/<int:pupil_id>/" in routes
    assert ("/api/v1/pupils/{pupil_id}", "get") in api_operations()


@pytest.mark.parametrize("route", page_routes())
def test_every_page_hides_the_pupil_from_those_the_policy_keeps_out(cast, route):
    portal = route.startswith("ouders/")
    target = cast.adult if portal else cast.pupil
    url = _url(route, target, cast.purpose)
    outsiders = cast.portal_outsiders if portal else dict(cast.outsiders)
    if route in OVERSIGHT:
        outsiders.pop("privacy officer")
    for persona, user in outsiders.items():
        status, body = _page(user, url, parent=portal)
        assert status == 404, f"{route}: {persona} got {status}"
        assert target.surname not in body, f"{route}: {persona} sees the name"
    insiders = cast.portal_insiders if portal else cast.insiders
    if route in OVERSIGHT:
        insiders = {"privacy officer": cast.outsiders["privacy officer"]}
    url = _url(route, cast.pupil, cast.purpose)
    statuses = {p: _page(u, url, parent=portal)[0] for p, u in insiders.items()}
    assert any(status != 404 for status in statuses.values()), (route, statuses)


@pytest.mark.parametrize(("path", "method"), api_operations())
def test_every_api_operation_hides_the_pupil(cast, path, method):
    url = path.replace("{pupil_id}", str(cast.pupil.pk))
    body = {} if method == "post" else None
    for persona, user in cast.outsiders.items():
        _row, token = api_token_create(user=user, actor_id=None, channel="command")
        headers = {"Authorization": f"Bearer {token}"}
        if method == "get":
            response = Client().get(url, headers=headers)
            assert response.status_code == 404, f"{method} {path}: {persona}"
        else:
            response = Client().post(url, body, content_type="application/json", headers=headers)
            assert response.status_code in (404, 422), f"{method} {path}: {persona}"
        assert cast.pupil.surname not in response.content.decode(), f"{path}: {persona}"
    if method == "get":
        # The care coordinator of the pupil's school reads every category these operations show.
        insider = cast.insiders["care coordinator"]
        _row, token = api_token_create(user=insider, actor_id=None, channel="command")
        response = Client().get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, f"{path}: the care coordinator"
