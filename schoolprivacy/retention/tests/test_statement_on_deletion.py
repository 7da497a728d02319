"""The public statement's sentence "Other data is deleted automatically when its retention period
below has passed" appears only while it is true for the board: after the purge really ran, and
while nothing is past a rule the purge does not carry out (the audit log's)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.register.claims import claims_for
from schoolprivacy.retention.capabilities import purge_is_on
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.models import PurgeRun
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = pytest.mark.django_db

SENTENCE = "Other data is deleted automatically"


def _statement(client, world) -> str:
    page = client.get(f"/privacy/{world.school_a.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    return page.content.decode()


def test_not_claimed_before_the_first_purge(client, world, register):
    assert not claims_for(world.board.pk)["data_deleted"]
    assert SENTENCE not in _statement(client, world)


def test_claimed_after_a_purge_that_erased_what_expired(client, world, register):
    pupil = leave(world.pupil_a, date(2023, 9, 1))
    record(pupil, "pupil.observations")
    previewed(world.board)
    run = purge_run(board=world.board)
    assert not pupil.records.exists()  # what the sentence promises did happen
    assert run.status == "done"
    assert claims_for(world.board.pk)["data_deleted"]
    assert SENTENCE in _statement(client, world)
    # A purge that stopped running (no run finished in the last days) no longer backs it.
    PurgeRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - timedelta(days=4))
    assert SENTENCE not in _statement(client, world)


def test_not_claimed_while_audit_events_are_past_their_rule(client, world, register):
    previewed(world.board)
    purge_run(board=world.board)
    assert claims_for(world.board.pk)["data_deleted"]
    # The audit log's 5 years are not carried out yet (decision 0027): once an event is older
    # than that, the sentence would be false, so it goes. (Seen from 6 years on, rather than by
    # rewriting the append-only log.)
    assert AuditEvent.objects.filter(chain=world.board.pk).exists()
    later = timezone.now() + timedelta(days=6 * 366)
    PurgeRun.objects.update(finished_at=later)
    assert purge_is_on(world.board.pk, now=later - timedelta(days=2 * 366))
    assert not purge_is_on(world.board.pk, now=later)
