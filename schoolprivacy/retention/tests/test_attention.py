"""The workspace items of retention: a failed purge, and erasures waiting for confirmation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention.attention import attention_items
from schoolprivacy.retention.erasure import erasure_confirm, erasure_dry_run
from schoolprivacy.retention.models import PurgeRun

pytestmark = pytest.mark.django_db


def test_an_erasure_waiting_for_confirmation_is_listed_for_the_officer_only(world, register):
    erasure = erasure_dry_run(actor=world.privacy_officer, subject=DataSubject.of(world.pupil_a))
    items = attention_items(world.privacy_officer)
    assert [(i.kind, i.overdue) for i in items] == [("erasure", False)]
    assert world.pupil_a.name in items[0].title and f"erasure={erasure.pk}" in items[0].url
    for persona in ("director", "administration", "teacher", "other_board_staff"):
        assert attention_items(getattr(world, persona)) == []
    erasure_confirm(actor=world.privacy_officer, erasure_id=erasure.pk, board_id=world.board.pk)
    assert attention_items(world.privacy_officer) == []


def test_a_failed_or_stalled_purge_is_listed(world, register):
    run = PurgeRun.objects.create(board=world.board, day=timezone.localdate())
    assert attention_items(world.privacy_officer) == []  # running, just started
    PurgeRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=13))
    assert [i.kind for i in attention_items(world.privacy_officer)] == ["purge"]
    PurgeRun.objects.filter(pk=run.pk).update(status="done")
    assert attention_items(world.privacy_officer) == []
    PurgeRun.objects.create(board=world.board, day=timezone.localdate(), status="failed")
    assert [i.kind for i in attention_items(world.privacy_officer)] == ["purge"]
    assert attention_items(world.director) == []
