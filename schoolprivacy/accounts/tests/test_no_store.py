"""Signed-in pages and API answers carry `Cache-Control: no-store` (issue 12.6).

Pupil data must not stay in a shared computer's browser cache after sign-out, nor in a proxy.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from schoolprivacy.api.tests.test_me import bearer

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def _paths_without_arguments(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every page address that needs no ID, except the admin and the API (tested below)."""
    paths = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith(("beheer/", "api/", "^")):
            continue
        if isinstance(entry, URLResolver):
            paths += _paths_without_arguments(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return paths


def test_the_walk_finds_the_staff_and_parent_pages():
    paths = _paths_without_arguments(get_resolver())
    assert {"/", "/leerlingen/", "/ouders/", "/fotos/"} <= set(paths)


def test_every_page_without_an_id_is_no_store_for_a_signed_in_member_of_staff(world, staff_client):
    client = staff_client(world.care_coordinator)
    cached = []
    for path in _paths_without_arguments(get_resolver()):
        response = client.get(path)
        if not _no_store(response):
            cached.append((path, response.status_code))
    assert cached == []


def test_the_pages_of_a_pupil_are_no_store(world, staff_client):
    client = staff_client(world.care_coordinator)
    for path in (f"/leerlingen/{world.pupil_a.pk}/", f"/groepen/{world.group_a.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), path


def test_the_parent_portal_is_no_store(world, parent_client):
    client = parent_client(world.parent)
    for path in ("/ouders/", f"/ouders/kinderen/{world.pupil_a.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), path


def test_api_answers_are_no_store_even_when_refused(client, world):
    ok = client.get(f"/api/v1/pupils/{world.pupil_a.pk}", headers=bearer(world.teacher))
    refused = client.get("/api/v1/pupils")
    assert (ok.status_code, refused.status_code) == (200, 401)
    assert _no_store(ok)
    assert _no_store(refused)


def test_pages_for_anonymous_visitors_keep_their_own_caching(world):
    # The rule is for signed-in pages; an anonymous page (here a 404) is not given no-store.
    response = Client().get("/geen-pagina/")
    assert response.status_code == 404
    assert not _no_store(response)
