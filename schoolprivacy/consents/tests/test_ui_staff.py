"""The class overview of consent and the printable "who may appear" list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolprivacy.consents.tests.conftest import Consent, by_portal
from schoolprivacy.testing import factories


def test_it_shows_a_badge_per_pupil_and_purpose(consent: Consent, staff_client):
    world = consent.world
    by_portal(consent.mother, world.pupil_a, consent.website, "granted")
    response = staff_client(world.teacher).get(
        reverse("consents:group_overview", args=[world.group_a.id])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sanne Jansen" in page
    assert page.count("consent-granted") == 1
    assert "consent-unanswered" in page


def test_the_overview_costs_the_same_queries_for_5_and_40_pupils(consent: Consent, staff_client):
    group = factories.make_group(school=consent.world.school_a, name="Groep 8", year_level=8)
    for n in range(5):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Vijf")
    client = staff_client(consent.world.care_coordinator)
    url = reverse("consents:group_overview", args=[group.id])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_5 = count()
    for n in range(35):
        factories.make_pupil(group=group, first_name=f"Kind{n}", surname="Veertig")
    assert count() == with_5


def test_the_list_splits_who_may_and_may_not_appear(consent: Consent, staff_client):
    world = consent.world
    other = factories.make_pupil(group=world.group_a, first_name="Bram", surname="de Vries")
    by_portal(consent.mother, world.pupil_a, consent.website, "granted")
    url = reverse("consents:who_may_appear", args=[world.group_a.id, consent.website.id])
    page = staff_client(world.teacher).get(url).content.decode()
    allowed, not_allowed = page.split('id="not-allowed-heading"')
    assert "Sanne Jansen" in allowed and other.name not in allowed
    assert other.name in not_allowed and "Sanne Jansen" not in not_allowed


def test_a_withdrawal_shows_in_the_overview_at_once(consent: Consent, staff_client):
    world = consent.world
    by_portal(consent.mother, world.pupil_a, consent.website, "granted")
    by_portal(consent.mother, world.pupil_a, consent.website, "withdrawn")
    url = reverse("consents:who_may_appear", args=[world.group_a.id, consent.website.id])
    allowed = staff_client(world.teacher).get(url).content.decode().split("not-allowed")[0]
    assert "Sanne Jansen" not in allowed


@pytest.mark.parametrize("persona", ["teacher_b", "other_board_staff", "privacy_officer"])
def test_staff_without_the_group_get_404(consent: Consent, staff_client, persona):
    client = staff_client(getattr(consent.world, persona))
    group_id = consent.world.group_a.id
    assert client.get(reverse("consents:group_overview", args=[group_id])).status_code == 404
    url = reverse("consents:who_may_appear", args=[group_id, consent.website.id])
    assert client.get(url).status_code == 404


def test_parents_get_404_on_staff_pages(consent: Consent, parent_client):
    client = parent_client(consent.world.parent)
    group_id = consent.world.group_a.id
    assert client.get(reverse("consents:group_overview", args=[group_id])).status_code == 404
    url = reverse("consents:who_may_appear", args=[group_id, consent.website.id])
    assert client.get(url).status_code == 404


def test_a_purpose_of_another_school_is_404(consent: Consent, staff_client):
    url = reverse("consents:who_may_appear", args=[consent.world.group_a.id, 999_999])
    assert staff_client(consent.world.teacher).get(url).status_code == 404
