"""The officer's policy pages, the public page of the version in force, and the API."""

import pytest
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.policies.models import PolicyVersion
from schoolprivacy.policies.services import policy_version_publish
from schoolprivacy.policies.tests.conftest import REGULATION_TEXT, decide

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}
OUTSIDERS = ["director", "teacher", "care_coordinator", "administration", "other_board_staff"]


def test_the_officer_records_the_decision_and_publishes_through_the_pages(world, staff_client):
    client = staff_client(world.privacy_officer)
    response = client.post(
        reverse("policies:document_create"),
        {"kind": "regulation", "title": "Privacyreglement", "text": REGULATION_TEXT},
    )
    version = PolicyVersion.objects.get()
    assert response["Location"] == reverse("policies:version", args=[version.pk])
    # Publishing a draft is refused.
    client.post(reverse("policies:publish", args=[version.pk]))
    assert PolicyVersion.objects.get().published_at is None
    client.post(
        reverse("policies:version", args=[version.pk]),
        {
            "council": "gmr",
            "section": "whole",
            "decided_on": "2026-11-20",
            "decision": "consented",
            "minutes_reference": "GMR 2026-11 punt 4",
        },
    )
    client.post(reverse("policies:publish", args=[version.pk]))
    assert PolicyVersion.objects.get().published_at is not None
    html = client.get(reverse("policies:list"), headers=ENGLISH).content.decode()
    assert "version 1, published" in html


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_everyone_else_gets_a_404(world, staff_client, draft, persona):
    client = staff_client(getattr(world, persona))
    for url in (
        reverse("policies:list"),
        reverse("policies:document", args=[draft.document_id]),
        reverse("policies:version", args=[draft.pk]),
        reverse("policies:contacts"),
        reverse("policies:dpia_list"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("policies:publish", args=[draft.pk])).status_code == 404


def test_the_public_page_shows_only_the_version_in_force(world, draft, client):
    url = reverse("policies:public", args=[world.school_a.slug, draft.document_id])
    assert client.get(url).status_code == 404
    decide(world, draft)
    policy_version_publish(actor=world.privacy_officer, version=draft)
    html = client.get(url, headers=ENGLISH).content.decode()
    assert REGULATION_TEXT in html
    assert "Adopted with the consent of the joint participation council (GMR)" in html


def test_the_public_page_stays_within_the_board(world, draft, client):
    from schoolprivacy.testing import factories

    decide(world, draft)
    policy_version_publish(actor=world.privacy_officer, version=draft)
    elsewhere = factories.make_school(board=world.other_board_staff.staff.board)
    url = reverse("policies:public", args=[elsewhere.slug, draft.document_id])
    assert client.get(url).status_code == 404


def _api(user):
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client().get("/api/v1/policies", headers={"Authorization": f"Bearer {token}"})


def test_the_api_needs_a_token(db):
    assert Client().get("/api/v1/policies").status_code == 401


def test_the_api_gives_staff_the_version_in_force_and_the_officer_every_version(world, draft):
    assert _api(world.teacher).json() == []
    officer = _api(world.privacy_officer).json()
    assert officer[0]["in_force"] is None
    assert [v["number"] for v in officer[0]["versions"]] == [1]
    decide(world, draft)
    policy_version_publish(actor=world.privacy_officer, version=draft)
    (policy,) = _api(world.teacher).json()
    assert policy["title"] == "Privacyreglement"
    assert policy["in_force"]["council_decision"] == "consented"
    assert policy["in_force"]["minutes_reference"] == "GMR-notulen 2026-11, punt 4"
    assert policy["versions"] is None
    assert _api(world.other_board_staff).json() == []
