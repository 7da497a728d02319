"""End of an agreement: request, deadline, confirmation; warnings before expiry and while the
confirmation is missing (attention.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from schoolprivacy.attention import collect
from schoolprivacy.conftest import World
from schoolprivacy.suppliers.attention import attention_items
from schoolprivacy.suppliers.models import RETURN_TERM_DAYS
from schoolprivacy.suppliers.services import agreement_confirm_end, agreement_request_end
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """These tests read the English texts; the Dutch ones are the catalogue's business."""
    with translation.override("en"):
        yield


def _titles(world: World) -> list[str]:
    return [i.title for i in attention_items(world.privacy_officer)]


def test_an_agreement_that_ends_soon_is_a_warning(world: World) -> None:
    today = timezone.localdate()
    make_agreement(world, ends_on=today + timedelta(days=400))
    assert _titles(world) == []
    make_agreement(world, ends_on=today + timedelta(days=30))
    items = attention_items(world.privacy_officer)
    assert [i.title for i in items] == ["Agreement ends soon: Leeruitgever: Rekenen Online"]
    assert not items[0].overdue
    # The workspace collects it too, and nobody else gets it.
    assert any(i.kind == "agreement" for i in collect(world.privacy_officer))
    assert attention_items(world.administration) == []
    assert attention_items(world.teacher) == []


def test_a_missing_confirmation_stays_until_the_supplier_confirms(world: World) -> None:
    today = timezone.localdate()
    agreement = make_agreement(
        world, signed_on=today - timedelta(days=400), ends_on=today - timedelta(days=40)
    )
    (item,) = attention_items(world.privacy_officer)
    assert item.overdue and "ended" in item.title
    agreement_request_end(agreement=agreement, actor=world.privacy_officer, action="destroy")
    assert agreement.end_deadline == today + timedelta(days=RETURN_TERM_DAYS)
    (item,) = attention_items(world.privacy_officer)
    assert "Confirmation" in item.title and not item.overdue
    agreement_confirm_end(
        agreement=agreement,
        actor=world.privacy_officer,
        confirmed_on=today,
        reference="brief 2026-12",
    )
    assert attention_items(world.privacy_officer) == []


def test_an_extra_field_waiting_for_approval_is_the_privacy_officers(world: World) -> None:
    make_agreement(world, fields=["pseudonym", "email"], approve=False)
    assert _titles(world) == ["Extra fields wait for your approval: Leeruitgever: Rekenen Online"]
