"""A statement that cannot lie (issue 17 item 6): every sentence that promises a behaviour is
tied to the capabilities that make it true, and is shown only while they are on.

Switching a capability off (`settings.CAPABILITIES_OFF`, as a deployment would) must take away
every sentence that needs it; a sentence of an app that is not built or not installed is never
shown.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from schoolprivacy import capabilities
from schoolprivacy.policies.services import (
    council_decision_record,
    policy_version_create,
    policy_version_publish,
    privacy_contacts_save,
)
from schoolprivacy.register.claims import CLAIMS

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "register"
CLAIM_ATTRIBUTE = re.compile(r'data-claim="([a-z_]+)"')


@pytest.fixture
def board_policies(world, register):
    """Everything a board records for the statement: an approved regulation, the DPO, website."""
    officer = world.privacy_officer
    version = policy_version_create(
        actor=officer, kind="regulation", title="Privacyreglement", text="Artikel 1."
    )
    council_decision_record(
        actor=officer,
        version=version,
        council="gmr",
        section="whole",
        decided_on=date(2026, 11, 20),
        decision="consented",
        minutes_reference="GMR 2026-11 punt 4",
    )
    policy_version_publish(actor=officer, version=version)
    privacy_contacts_save(
        actor=officer,
        dpo_name="Mr. J. de Wit",
        dpo_email="fg@stichting-demo.nl",
        dpo_phone="",
        website="https://stichting-demo.nl/privacy",
    )
    return version


def _claims_shown(client, world, off=()):
    with override_settings(CAPABILITIES_OFF=frozenset(off)):
        body = client.get(f"/privacy/{world.school_a.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    return set(CLAIM_ATTRIBUTE.findall(body.content.decode())), body.content.decode()


def test_every_marked_sentence_in_the_templates_is_a_listed_claim():
    marked = {
        key
        for path in TEMPLATES.rglob("statement*.html")
        for key in CLAIM_ATTRIBUTE.findall(path.read_text())
    }
    assert marked == set(CLAIMS)


def test_every_claim_needs_capabilities_with_app_shaped_keys():
    for claim in CLAIMS.values():
        assert claim.needs
        assert all(re.fullmatch(r"[a-z]+\.[a-z_]+", need) for need in claim.needs)


def test_a_sentence_is_shown_exactly_when_its_capabilities_are_on(client, world, board_policies):
    on = capabilities.enabled_keys(world.board.pk)
    shown, _body = _claims_shown(client, world)
    expected = {key for key, claim in CLAIMS.items() if set(claim.needs) <= on}
    assert shown == expected
    # The board's own records are on; the regulation's link is in the statement.
    assert {"regulation_approved", "dpo_named", "board_website"} <= shown


def test_switching_a_capability_off_takes_away_every_sentence_that_needs_it(
    client, world, board_policies
):
    # One board, every capability switched off in turn (one render each).
    for capability in sorted(capabilities.provided()):
        shown, _body = _claims_shown(client, world, off={capability})
        for key in shown:
            assert capability not in CLAIMS[key].needs, f"{key} is shown without {capability}"
        needing = {key for key, claim in CLAIMS.items() if capability in claim.needs}
        assert needing.isdisjoint(shown)


def test_the_promised_words_go_with_the_capability(client, world, board_policies):
    _shown, body = _claims_shown(client, world)
    assert "Photos are deleted automatically" in body
    assert "It is stored encrypted." in body
    _shown, body = _claims_shown(
        client, world, off={"photos.retention_purge", "dossier.encryption"}
    )
    assert "Photos are deleted automatically" not in body
    assert "stored encrypted" not in body


def test_sentences_of_apps_not_providing_their_capability_are_absent(client, world, register):
    provided = set(capabilities.provided())
    shown, body = _claims_shown(client, world)
    for key in shown:
        assert set(CLAIMS[key].needs) <= provided
    if "requests.deadlines" not in provided:
        assert "We answer within one month" not in body
    if "breaches.register" not in provided:
        assert "within 72 hours" not in body


def test_without_the_boards_records_there_is_no_regulation_dpo_or_website(client, world, register):
    shown, body = _claims_shown(client, world)
    assert not {"regulation_approved", "dpo_named", "board_website"} & shown
    assert "participation council" not in body


def test_an_unpublished_regulation_is_not_linked(client, world, register):
    policy_version_create(
        actor=world.privacy_officer, kind="regulation", title="Privacyreglement", text="Artikel 1."
    )
    shown, body = _claims_shown(client, world)
    assert "regulation_approved" not in shown
    assert "Privacyreglement" not in body
