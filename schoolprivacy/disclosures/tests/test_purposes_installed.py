"""The sharing purposes are part of every board's default purposes (registered by the disclosures
app with consents), so a consent-based disclosure works on a board that never ran the demo; the
data migration gives them to boards that had their default purposes before."""

import importlib

from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose, PurposeText
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.disclosures.purposes import SHARING_PURPOSES
from schoolprivacy.disclosures.tests.conftest import decide, record
from schoolprivacy.schools.models import Board
from schoolprivacy.testing import factories

SHARING_KEYS = {spec.key for spec in SHARING_PURPOSES}


def _sharing_keys(board: Board) -> list[str]:
    return sorted(
        Purpose.objects.filter(board=board, key__in=SHARING_KEYS, school__isnull=True).values_list(
            "key", flat=True
        )
    )


def test_the_default_purposes_include_the_sharing_purposes_once(world: World):
    purposes_install_defaults(board=world.board, actor_id=None)
    assert _sharing_keys(world.board) == sorted(SHARING_KEYS)
    assert PurposeText.objects.filter(purpose__key__in=SHARING_KEYS, version=1).count() == 4
    assert purposes_install_defaults(board=world.board, actor_id=None) == []
    assert _sharing_keys(world.board) == sorted(SHARING_KEYS)


def test_a_consent_disclosure_works_on_a_board_with_only_its_default_purposes(world: World):
    purposes_install_defaults(board=world.board, actor_id=None)
    purpose = Purpose.objects.get(board=world.board, key="sharing_youth_care")
    decide(world.pupil_a, purpose, "granted", guardian=world.parent.guardian)
    d = record(
        world.care_coordinator,
        world.pupil_a,
        recipient="youth_care",
        basis="consent",
        categories=["pupil.identity"],
    )
    assert d.purpose == purpose


def test_the_parent_decides_on_a_sharing_purpose_in_the_portal(world: World, client: Client):
    purposes_install_defaults(board=world.board, actor_id=None)
    client.force_login(world.parent)
    page = client.get(reverse("consents:portal_list", args=[world.pupil_a.pk]))
    assert page.status_code == 200
    assert "Delen met jeugdhulp" in page.content.decode()
    purpose = Purpose.objects.get(board=world.board, key="sharing_youth_care")
    detail = client.get(reverse("consents:portal_detail", args=[world.pupil_a.pk, purpose.pk]))
    assert detail.status_code == 200
    assert "jeugdhulp van de gemeente" in detail.content.decode()


def test_the_migration_adds_them_to_boards_that_had_default_purposes_only(world: World):
    migration = importlib.import_module(
        "schoolprivacy.disclosures.migrations.0002_sharing_purposes_for_existing_boards"
    )
    other = factories.make_board(name="Zonder standaarddoelen")
    # A board from before: the ledger's purposes, none of the sharing ones.
    Purpose.objects.create(board=world.board, key="website", name="Website", channel_kind="public")
    own = Purpose.objects.create(
        board=world.board, key="sharing_ggd", name="Eigen tekst", channel_kind="internal"
    )
    migration.install(django_apps, None)
    migration.install(django_apps, None)  # twice: nothing more
    assert _sharing_keys(world.board) == sorted(SHARING_KEYS)
    assert Purpose.objects.get(pk=own.pk).name == "Eigen tekst"  # kept as the board had it
    assert PurposeText.objects.filter(board=world.board, purpose__key__in=SHARING_KEYS).count() == 3
    assert _sharing_keys(other) == []
