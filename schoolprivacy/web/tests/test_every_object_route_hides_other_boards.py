"""Every page and API operation that takes the id of anything but a pupil — a group, a school, a
photo, a grant, a staff member, a request, an agreement, ... — answers 404 to staff of another
board in every role, and something other than 404 to at least one role of the owning board (so
the 404s are not vacuous). Issue 11, "Done when": routes are read from the URL conf and the
OpenAPI document, so a new one cannot be missed; a route with a parameter this file cannot fill
fails until a maker is added to `MAKERS` in route_objects.py (or the route is listed in
`NOT_HERE` with the reason).

Routes that take only a pupil (and a consent purpose) are `test_every_pupil_route_hides_pupils`'s.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.api.router import api
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.people.models import Guardian
from schoolprivacy.register.services.defaults import register_install_defaults
from schoolprivacy.testing import factories
from schoolprivacy.testing.sessions import sign_in_staff
from schoolprivacy.videos.tests.route_objects import VIDEO_PARAMS, video_objects
from schoolprivacy.web.tests.route_objects import MAKERS, PHOTO_PARAMS, photo_objects

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
API_PARAM = re.compile(r"{(\w+)}")
# Covered by test_every_pupil_route_hides_pupils (routes that take a pupil and maybe a purpose).
PUPIL_PARAMS = {"pupil_id", "purpose_id"}
# Routes with parameters that are not an object of a board, each with the reason.
NOT_HERE = {
    # Staff change or delete a record: web/tests/test_record_edit.py (other school, other board,
    # privacy officer, a kind the user may not write: 404).
    "leerlingen/<int:pupil_id>/notities/<int:record_id>/wijzigen/": "web/tests/test_record_edit.py",
    "leerlingen/<int:pupil_id>/notities/<int:record_id>/verwijderen/": (
        "web/tests/test_record_edit.py"
    ),
    # Public by design: the statement every parent may read, and published photos' addresses.
    "privacy/<slug:school_slug>/": "the public privacy statement of a school",
    "p/<str:token>.jpg": "a published rendition: public for as long as it is published",
    "v/<str:token>": "a published video file: public for as long as it is published",
    # Sign-in steps carry a secret token, not an object id; accounts/tests cover them.
    "ouders/inloggen/<str:token>/": "a parent's sign-in link (accounts/tests)",
    "inloggen/activeren/<str:uidb64>/<str:token>/": "staff activation link (accounts/tests)",
    "inloggen/schoolaccount/<int:provider_id>/": "the public start of single sign-on",
    # A 16+ pupil's own consent page; the purpose is the board's, the pupil is the signed-in one.
    "leerling/toestemming/<int:purpose_id>/": "a pupil's own page (consents/tests/test_pupil_*)",
    "verzoeken/download/<str:signed>/": "a signed single-use package link (requests/tests)",
    "privacy/<slug:school_slug>/beleid/<int:document_id>/": (
        "a published policy, public like the statement (policies/tests/test_policy_pages.py)"
    ),
}
PREFIXES_NOT_HERE = ("beheer/", "i18n/", "api/")
# Routes whose insiders cannot get in without a step this test does not take, with the reason.
# Their outsiders are still checked.
_IN_SESSION = "an upload's preview lives in its uploader's session"
NO_INSIDER = {
    "imports/<slug:slug>/<str:token>/": _IN_SESSION,
    "imports/<slug:slug>/<str:token>/cancel/": _IN_SESSION,
    "imports/<slug:slug>/<str:token>/confirm/": _IN_SESSION,
}
# Last path segments of routes that end or revoke their object.
ENDING = ("intrekken", "beeindigen", "cancel", "offline")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def page_routes() -> list[str]:
    found = set()
    for route in _walk(get_resolver().url_patterns):
        params = set(PARAM.findall(route))
        if not params or params <= PUPIL_PARAMS or route in NOT_HERE:
            continue
        if route.startswith(PREFIXES_NOT_HERE):
            continue
        found.add(route)
    return sorted(found)


def api_operations() -> list[tuple[str, str]]:
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        params = set(API_PARAM.findall(path))
        if params and not params <= PUPIL_PARAMS:
            found += [(path, method) for method in operations]
    return sorted(found)


@dataclass
class Boards:
    values: dict[str, Any]  # parameter name -> value in the owning board
    outsiders: dict[str, Any]  # persona -> user of another board
    insiders: dict[str, Any]  # persona -> user of the owning board
    parents_in: dict[str, Any] = field(default_factory=dict)
    parents_out: dict[str, Any] = field(default_factory=dict)


def _staff(board: Any, username: str, role: Role, **scope: Any) -> Any:
    member = factories.make_staff(board=board, username=username)
    factories.assign(member, role, **scope)
    return member.user


@pytest.fixture
def boards(world: Any) -> Boards:
    purposes_install_defaults(board=world.board, actor_id=None)
    register_install_defaults(board=world.board, actor_id=None)
    school = world.school_b
    insiders = {
        "privacy officer": world.privacy_officer,
        "functional administrator": _staff(world.board, "beheer", Role.FUNCTIONAL_ADMIN),
        "director": _staff(world.board, "directeur.b", Role.LOCATION_DIRECTOR, school=school),
        "administration": _staff(world.board, "admin.b", Role.ADMINISTRATION, school=school),
        "care coordinator": _staff(world.board, "ib.b", Role.CARE_COORDINATOR, school=school),
        "teacher": world.teacher_b,
    }
    other = factories.make_board(name="Stichting Elders Twee")
    other_school = factories.make_school(board=other, name="De Overkant")
    other_group = factories.make_group(school=other_school, name="Elders 4")
    other_pupil = factories.make_pupil(group=other_group, first_name="Mila", surname="Kok")
    roles: list[tuple[str, Role, dict[str, Any]]] = [
        ("privacy officer", Role.PRIVACY_OFFICER, {}),
        ("functional administrator", Role.FUNCTIONAL_ADMIN, {}),
        ("director", Role.LOCATION_DIRECTOR, {"school": other_school}),
        ("administration", Role.ADMINISTRATION, {"school": other_school}),
        ("care coordinator", Role.CARE_COORDINATOR, {"school": other_school}),
        ("teacher", Role.TEACHER, {"group": other_group}),
    ]
    outsiders = {
        f"{persona} of another board": _staff(other, f"elders.{n}", role, **scope)
        for n, (persona, role, scope) in enumerate(roles)
    }
    needed = {p for r in page_routes() for p in PARAM.findall(r)}
    needed |= {p for path, _m in api_operations() for p in API_PARAM.findall(path)}
    values: dict[str, Any] = {}
    if needed & PHOTO_PARAMS:
        values.update(photo_objects(world))
    if needed & VIDEO_PARAMS:
        values.update(video_objects(world))
    for param in sorted((needed - PHOTO_PARAMS - VIDEO_PARAMS) | PUPIL_PARAMS):
        if param in MAKERS:
            values[param] = MAKERS[param](world, insiders)
    parent_out = factories.make_parent(pupil=other_pupil, email="ouder.elders@example.nl")
    assert isinstance(parent_out, Guardian)
    return Boards(
        values=values,
        outsiders=outsiders,
        insiders=insiders,
        parents_in={"parent": world.parent_b},
        parents_out={"parent of another board": parent_out.user},
    )


def _fill(route: str, values: dict[str, Any], pattern: re.Pattern[str]) -> str:
    missing = [p for p in pattern.findall(route) if p not in values]
    assert not missing, f"{route}: add a maker for {missing} to MAKERS (or list it in NOT_HERE)"

    def value(name: str) -> str:
        made = values[name]
        return str(made() if callable(made) else made)

    return pattern.sub(lambda m: value(m.group(1)), route)


def _get_or_post(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:  # a POST-only view
        response = client.post(url, {})
    return response


def test_the_routes_are_found():
    assert "groepen/<int:group_id>/" in page_routes()
    assert ("/api/v1/photos/{photo_id}", "get") in api_operations()


_CLIENTS: dict[int, Client] = {}


def _client(user: Any, *, portal: bool) -> Client:
    """One signed-in client per user for the whole run (signing in is most of the cost)."""
    if user.pk not in _CLIENTS:
        client = Client()
        if portal:
            client.force_login(user)
        else:
            sign_in_staff(client, user)
        _CLIENTS[user.pk] = client
    return _CLIENTS[user.pk]


def page_problems(boards: Boards, route: str) -> list[str]:
    portal = route.startswith(("ouders/", "leerling/"))
    url = "/" + _fill(route, boards.values, PARAM)
    outsiders = boards.parents_out if portal else boards.outsiders
    problems = []
    for persona, user in outsiders.items():
        status = _get_or_post(_client(user, portal=portal), url).status_code
        if status != 404:
            problems.append(f"{route}: {persona} got {status}")
    insiders = boards.parents_in if portal else boards.insiders
    statuses = {
        p: _get_or_post(_client(u, portal=portal), url).status_code for p, u in insiders.items()
    }
    if route not in NO_INSIDER and all(s == 404 for s in statuses.values()):
        problems.append(f"{route}: nobody of the owning board gets in (vacuous 404s)")
    return problems


def _token_client(user: Any) -> dict[str, str]:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return {"Authorization": f"Bearer {token}"}


def api_problems(boards: Boards, path: str, method: str) -> list[str]:
    url = _fill(path, boards.values, API_PARAM)
    problems = []
    for persona, user in boards.outsiders.items():
        headers = _token_client(user)
        if method == "get":
            status = Client().get(url, headers=headers).status_code
            if status != 404:
                problems.append(f"GET {path}: {persona} got {status}")
        else:
            response = getattr(Client(), method)(
                url, {}, content_type="application/json", headers=headers
            )
            if response.status_code not in (404, 422):
                problems.append(f"{method.upper()} {path}: {persona} got {response.status_code}")
    if method == "get":
        statuses = {
            p: Client().get(url, headers=_token_client(u)).status_code
            for p, u in boards.insiders.items()
        }
        if all(s == 404 for s in statuses.values()):
            problems.append(f"GET {path}: nobody of the owning board gets in (vacuous 404s)")
    return problems


# One test over all routes: the objects (a photo with detected faces among them) are made once.
def test_every_page_hides_other_boards_objects(boards):
    _CLIENTS.clear()
    # Ending things (a revoked invitation, an ended grant) last, so that no later route finds
    # its object gone.
    routes = sorted(page_routes(), key=lambda r: (r.rstrip("/").endswith(ENDING), r))
    problems = [problem for route in routes for problem in page_problems(boards, route)]
    assert problems == [], "\n".join(problems)


def test_every_api_operation_hides_other_boards_objects(boards):
    problems = [p for path, method in api_operations() for p in api_problems(boards, path, method)]
    assert problems == [], "\n".join(problems)
