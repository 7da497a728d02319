"""Text defects of issue 19, each with a test: what staff, parents and pupils read."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.consents.tests import conftest as consent_setup
from schoolprivacy.consents.tests.conftest import Consent
from schoolprivacy.dossier.services import record_create
from schoolprivacy.testing import factories

consent = consent_setup.consent  # the consent tests' fixture: default purposes, two parents
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b(?![^<]*\">)")  # a date shown, not an attribute


def _dutch(msgid: str) -> str:
    with translation.override("nl"):
        return gettext(msgid)


def test_signing_out_says_so_on_the_sign_in_page(world, staff_client, parent_client):
    for client, url in (
        (staff_client(world.teacher), reverse("accounts:login")),
        (parent_client(world.parent), reverse("accounts:parent_login")),
    ):
        response = client.post(reverse("accounts:logout"), follow=True)

        assert response.redirect_chain[-1][0] == url
        assert _dutch("You have signed out.") in response.content.decode()


def test_parents_read_the_consent_text_without_an_internal_version_number(
    consent: Consent, parent_client
):
    world = consent.world
    url = reverse("consents:portal_detail", args=[world.pupil_a.id, consent.website.id])

    text = parent_client(world.parent).get(url).content.decode()

    assert "Tekstversie" not in text and "Text version" not in text


def test_the_printable_list_is_a_consent_list_with_a_dutch_date(consent: Consent, staff_client):
    world = consent.world
    url = reverse("consents:who_may_appear", args=[world.group_a.id, consent.newsletter.id])

    text = staff_client(world.teacher).get(url).content.decode()

    assert "Who may appear" not in text and "May appear" not in text
    assert not ISO_DATE.search(text.split("<main", 1)[1]), "an ISO date is shown to people"


def test_the_group_consent_table_sorts_names_the_dutch_way(consent: Consent, staff_client):
    world = consent.world
    wit = factories.make_pupil(group=world.group_a, first_name="Ayla", surname="Wit")
    wit.surname_prefix = "de"
    wit.save()
    factories.make_pupil(group=world.group_a, first_name="Emre", surname="Çelik")

    text = (
        staff_client(world.teacher)
        .get(reverse("consents:group_overview", args=[world.group_a.id]))
        .content.decode()
    )

    # Çelik (C) before Jansen (J) before de Wit (W): tussenvoegsel ignored, Ç with C.
    assert text.index("Emre Çelik") < text.index("Sanne Jansen") < text.index("Ayla de Wit")


def test_a_parent_sees_that_a_read_was_under_an_approved_exception(
    world, staff_client, parent_client
):
    record_create(
        actor=world.care_coordinator,
        pupil=world.pupil_a,
        category_key="pupil.care.diagnosis",
        title="Dyslexieverklaring",
        body="",
    )
    # The teacher reads the diagnosis under an approved, school-wide exception grant.
    make_grant(approver=world.director, grantee=world.teacher, school=world.school_a)
    staff_client(world.teacher).get(reverse("web:pupil", args=[world.pupil_a.id]))

    text = (
        parent_client(world.parent)
        .get(reverse("portal:child", args=[world.pupil_a.id]))
        .content.decode()
    )

    assert _dutch("under an approved exception") in text
