"""Purposes: the defaults per board (idempotent), a school's own row overriding the board's."""

from schoolprivacy.conftest import World
from schoolprivacy.consents.defaults import default_purposes
from schoolprivacy.consents.models import Purpose, PurposeText
from schoolprivacy.consents.rules import consent_status
from schoolprivacy.consents.selectors import purposes_for_school
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.consents.tests.conftest import Consent, by_portal


def test_installing_the_defaults_twice_adds_nothing(world: World) -> None:
    first = purposes_install_defaults(board=world.board, actor_id=None)
    again = purposes_install_defaults(board=world.board, actor_id=None)
    # The ledger's own purposes and those other apps registered (the sharing purposes).
    assert (len(first), again) == (len(default_purposes()), [])
    assert PurposeText.objects.filter(version=1, published_at__isnull=False).count() == len(first)
    keys = {p.key for p in purposes_for_school(world.school_a)}
    assert {"website", "class_photo", "research", "farewell_first_name"} <= keys


def test_photo_purposes_point_at_the_register(world: World) -> None:
    from schoolprivacy.register.services import register_install_defaults

    register_install_defaults(board=world.board, actor_id=None)
    purposes_install_defaults(board=world.board, actor_id=None)
    assert Purpose.objects.get(board=world.board, key="website").activity.key == "photos"  # type: ignore[union-attr]


def test_a_school_row_overrides_the_boards(consent: Consent) -> None:
    world = consent.world
    own = Purpose.objects.create(
        board=world.board,
        school=world.school_a,
        key="website",
        name="Eigen site",
        channel_kind="public",
    )
    PurposeText.objects.create(
        board=world.board,
        purpose=own,
        version=1,
        text_nl="x",
        published_at=consent.website.texts.get().published_at,
    )
    website_a = next(p for p in purposes_for_school(world.school_a) if p.key == "website")
    website_b = next(p for p in purposes_for_school(world.school_b) if p.key == "website")
    assert (website_a, website_b) == (own, consent.website)
    by_portal(consent.mother, world.pupil_a, own, "granted")
    assert consent_status(world.pupil_a, own).status == "granted"
    # Consent for the school's own purpose is not consent for the board's.
    assert consent_status(world.pupil_a, consent.website).status == "unanswered"


def test_an_inactive_purpose_is_not_listed(consent: Consent) -> None:
    Purpose.objects.filter(pk=consent.website.pk).update(is_active=False)
    assert "website" not in {p.key for p in purposes_for_school(consent.world.school_a)}
