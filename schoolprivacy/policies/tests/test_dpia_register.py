"""The DPIA register: needed with two or more criteria, reminders on the workspace."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.policies.attention import attention_items
from schoolprivacy.policies.dpia import dpia_save
from schoolprivacy.policies.services import privacy_contacts_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(world):
    return privacy_contacts_save(
        actor=world.privacy_officer,
        dpo_name="Mr. J. de Wit",
        dpo_email="fg@stichting-demo.nl",
        dpo_phone="",
        website="https://stichting-demo.nl/privacy",
    )


def _save(world, **values):
    base = {
        "activity": None,
        "supplier_name": "Leerlingvolgsysteem BV",
        "criteria": [],
        "document_reference": "",
        "performed_on": None,
        "outcome": "",
        "measures": "",
        "review_on": None,
    }
    return dpia_save(actor=world.privacy_officer, **{**base, **values})


def _kinds(world):
    return [(i.kind, i.overdue) for i in attention_items(world.privacy_officer)]


def test_two_criteria_make_a_dpia_needed_and_the_officer_is_reminded(world, contacts):
    one = _save(world, criteria=["vulnerable"])
    assert not one.needed
    assert _kinds(world) == []
    two = _save(world, dpia=one, criteria=["vulnerable", "special_data"])
    assert two.needed
    assert _kinds(world) == [("dpia", False)]
    _save(
        world,
        dpia=two,
        criteria=["vulnerable", "special_data"],
        performed_on=date(2026, 10, 1),
        outcome="acceptable",
        review_on=date(2027, 10, 1),
    )
    assert _kinds(world) == []


def test_a_review_reminds_a_month_ahead_and_is_late_after_its_date(world, contacts):
    today = timezone.localdate()
    dpia = _save(
        world,
        criteria=["vulnerable", "monitoring"],
        performed_on=today - timedelta(days=300),
        outcome="acceptable",
        review_on=today + timedelta(days=20),
    )
    assert _kinds(world) == [("dpia", False)]
    _save(
        world,
        dpia=dpia,
        criteria=["vulnerable", "monitoring"],
        performed_on=today - timedelta(days=300),
        outcome="acceptable",
        review_on=today - timedelta(days=1),
    )
    assert _kinds(world) == [("dpia", True)]


def test_an_outcome_with_measures_needs_them_and_a_date(world):
    with pytest.raises(ValidationError):
        _save(world, outcome="acceptable")
    with pytest.raises(ValidationError):
        _save(world, outcome="measures", performed_on=date(2026, 10, 1))


def test_the_dpo_missing_is_a_reminder(world):
    assert ("policy", False) in _kinds(world)


def test_the_register_page_saves_through_the_form(world, staff_client, contacts):
    client = staff_client(world.privacy_officer)
    response = client.post(
        reverse("policies:dpia_create"),
        {"supplier_name": "Camera BV", "criteria": ["monitoring", "new_technology"]},
    )
    assert response.status_code == 302
    html = client.get(reverse("policies:dpia_list")).content.decode()
    assert "Camera BV" in html
    assert attention_items(world.teacher) == []
