"""The privacy officer starts on the workspace: what needs attention, each with its deadline,
from every app (issue 17). Everyone else keeps their own start page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.services import break_glass_open
from schoolprivacy.attention import collect
from schoolprivacy.consents.disputes import dispute_create
from schoolprivacy.consents.models import ConsentDispute, ConsentEvent, EventKind, Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.photos.models import PublicationCheck
from schoolprivacy.policies.services import privacy_contacts_save

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


def test_the_officer_lands_on_the_workspace(world, staff_client):
    privacy_contacts_save(
        actor=world.privacy_officer,
        dpo_name="Mr. J. de Wit",
        dpo_email="fg@stichting-demo.nl",
        dpo_phone="",
        website="",
    )
    response = staff_client(world.privacy_officer).get("/", headers=ENGLISH)
    html = response.content.decode()
    assert "Needs your attention" in html
    assert "Nothing needs your attention right now." in html
    assert reverse("audit:pupil_lookup") in html


def test_other_staff_keep_their_start_page(world, staff_client):
    html = staff_client(world.teacher).get("/", headers=ENGLISH).content.decode()
    assert "Needs your attention" not in html
    assert collect(world.teacher) == []
    assert collect(world.director) == []


def test_an_emergency_access_to_review_shows_with_its_deadline(world, staff_client):
    access = break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Leerling onwel")
    response = staff_client(world.privacy_officer).get("/", headers=ENGLISH)
    html = response.content.decode()
    assert reverse("access:break_glass_review", args=[access.pk]) in html
    due = timezone.localtime(access.opened_at + timedelta(days=7))
    assert f'datetime="{due.date().isoformat()}T' in html
    assert "Due" in html


def test_disputes_outbox_failures_and_sweep_drift_need_the_officer(world):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    dispute_create(
        actor=world.director,
        pupil=world.pupil_a,
        purpose=website,
        when=timezone.now(),
        because=ConsentDispute.Opened.STAFF,
        channel="web",
    )
    ConsentEvent.objects.create(
        board=world.board,
        kind=EventKind.WITHDRAWN,
        pupil=world.pupil_a,
        purpose=website,
        failed_at=timezone.now(),
        attempts=5,
    )
    PublicationCheck.objects.create(
        board=world.board,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        checked=4,
        drift=1,
    )
    kinds = {item.kind for item in collect(world.privacy_officer)}
    assert {"dispute", "outbox", "sweep_drift"} <= kinds
    # Overdue items come first.
    items = collect(world.privacy_officer)
    assert items[0].overdue


def test_no_pupil_names_in_dispute_items(world):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    dispute_create(
        actor=world.director,
        pupil=world.pupil_a,
        purpose=website,
        when=timezone.now(),
        because=ConsentDispute.Opened.STAFF,
        channel="web",
    )
    # Only the officer is asked; staff of the school are not (their pages show disputes).
    assert collect(world.director) == []
    assert collect(world.teacher) == []
    (item,) = [i for i in collect(world.privacy_officer) if i.kind == "dispute"]
    assert "Jansen" not in item.title + item.detail
    assert "De Regenboog" in item.title
