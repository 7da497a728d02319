"""Each school's public privacy statement, generated live from the board's register."""

from dataclasses import replace

import pytest
from django.test import Client
from django.utils import timezone

from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services import ActivityData, activity_deactivate, activity_update

pytestmark = pytest.mark.django_db

SECTIONS = [
    "controller",
    "purposes",
    "special",
    "sharing",
    "retention",
    "security",
    "rights",
    "use-rights",
    "contact",
]


def _get(client: Client, slug: str, language: str) -> str:
    response = client.get(f"/privacy/{slug}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def _by_key(register: list[ProcessingActivity], key: str) -> ProcessingActivity:
    return next(a for a in register if a.key == key)


@pytest.mark.parametrize("school", ["school_a", "school_b"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_renders_every_section_with_a_table_of_contents(
    client, world, register, school, language
):
    body = _get(client, getattr(world, school).slug, language)
    assert f'<html lang="{language}">' in body
    for section in SECTIONS:
        assert f'id="{section}"' in body
        assert f'href="#{section}"' in body
    assert world.board.name in body
    assert getattr(world, school).name in body


def test_it_explains_purposes_in_plain_english(client, world, register):
    body = _get(client, world.school_a.slug, "en")
    assert "Privacy statement of De Regenboog" in body
    assert "Pupil administration and enrolment" in body
    assert "Because the law requires it." in body
    assert "WPO art. 178a" in body
    assert "until 2 years after the pupil leaves the school" in body
    assert "the school administration" in body.lower()
    assert "Autoriteit Persoonsgegevens" in body
    assert 'href="/ouders/inloggen/"' in body


def test_the_dutch_statement_uses_the_boards_dutch_texts(client, world, register):
    body = _get(client, world.school_a.slug, "nl")
    assert "Leerlingadministratie en inschrijving" in body
    assert "Pupil administration and enrolment" not in body


def test_special_categories_are_flagged_and_explained(client, world, register):
    body = _get(client, world.school_a.slug, "en")
    care = body[body.index('id="purpose-care_guidance"') :]
    care = care[: care.index("</section>")]
    assert "Diagnoses and health" in care
    assert 'class="tag tag-special" href="#special">special data<' in care
    assert "UAVG art. 30 lid 2" in care
    assert "It is stored encrypted." in body


def test_only_activities_for_the_kind_of_school_are_shown(client, world, register):
    primary = _get(client, world.school_a.slug, "en")
    secondary = _get(client, world.school_b.slug, "en")
    assert 'id="purpose-exams"' not in primary and 'id="purpose-exams"' in secondary
    assert 'id="purpose-transfer_primary"' in primary
    assert 'id="purpose-transfer_secondary"' in secondary
    assert 'id="purpose-transfer_secondary"' not in primary
    # Staff data is not what this statement is about.
    assert 'id="purpose-staff_administration"' not in primary


def test_an_edit_shows_immediately(client, world, register):
    photos = _by_key(register, "photos")
    assert "Alleen op de schoolwebsite" not in _get(client, world.school_a.slug, "nl")
    data = replace(ActivityData.from_activity(photos), purpose="Alleen op de schoolwebsite.")
    activity_update(activity=photos, data=data, actor_id=world.privacy_officer.pk)
    assert "Alleen op de schoolwebsite." in _get(client, world.school_a.slug, "nl")

    activity_deactivate(activity=photos, actor_id=world.privacy_officer.pk)
    assert 'id="purpose-photos"' not in _get(client, world.school_a.slug, "nl")


def test_it_is_never_cached(client, world, register):
    response = client.get(f"/privacy/{world.school_a.slug}/")
    assert "no-store" in response["Cache-Control"]


def test_it_shows_the_privacy_contact(client, world, register):
    world.board.privacy_contact_email = "privacy@stichting-demo.example"
    world.board.save()
    body = _get(client, world.school_b.slug, "en")
    assert 'href="mailto:privacy@stichting-demo.example"' in body


def test_the_last_changed_date_follows_the_newest_version(client, world, register):
    body = _get(client, world.school_a.slug, "en")
    newest = max(a.versions.get().changed_at for a in register)
    # The page gives the day in Amsterdam (after 23:00 UTC in winter that is the next day).
    assert f'datetime="{timezone.localtime(newest):%Y-%m-%d}"' in body


def test_an_unknown_school_is_404(client, world, register):
    assert client.get("/privacy/no-such-school/").status_code == 404


def test_it_works_without_a_register(client, world):
    body = _get(client, world.school_a.slug, "en")
    assert "has not yet described its purposes" in body
    assert 'id="rights"' in body


def test_lang_in_the_address_switches_the_language(client, world, register):
    response = client.get(f"/privacy/{world.school_a.slug}/?lang=en")
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/{world.school_a.slug}/"
    followed = client.get(response["Location"])
    assert '<html lang="en">' in followed.content.decode()

    client.get(f"/privacy/{world.school_a.slug}/?lang=nl")
    assert '<html lang="nl">' in client.get(f"/privacy/{world.school_a.slug}/").content.decode()


def test_an_unknown_lang_changes_nothing(client, world, register, settings):
    response = client.get(f"/privacy/{world.school_a.slug}/?lang=xx")
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
