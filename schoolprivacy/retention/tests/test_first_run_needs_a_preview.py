"""The first real purge of a school needs the privacy officer's stored preview of it, made less
than a day ago and with the counts the run would erase now (issue 16 item 3, "a per-school
preview for the privacy officer before the first real run"). Later runs need none."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.dossier.models import Record
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import PurgeRefused, first_run_schools
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.tasks import purge_task
from schoolprivacy.retention.tests.conftest import leave, previewed, record
from schoolprivacy.schools.models import Board
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 1)


def _gone(world):
    pupil = leave(world.pupil_a, date(2022, 7, 10))
    record(pupil, "pupil.observations")
    record(pupil, "pupil.observations")
    return pupil


def test_without_a_preview_the_first_run_is_refused_and_erases_nothing(world, register):
    pupil = _gone(world)
    with translation.override("en"), pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board, day=DAY)
    assert "first purge of" in str(refused.value)
    assert world.school_a.name in str(refused.value) and world.school_b.name in str(refused.value)
    assert Record.objects.filter(pupil=pupil).count() == 2
    assert not PurgeRun.objects.exists()


def test_the_page_stores_what_the_officer_saw_and_the_run_relies_on_it(
    world, register, staff_client
):
    _gone(world)
    officer = staff_client(world.privacy_officer)
    for school in (world.school_a, world.school_b):
        officer.get(f"{reverse('retention:preview')}?school={school.pk}")
    officer.get(reverse("retention:preview"))  # the whole board: its board-wide data
    stored = PurgePreview.objects.get(school=world.school_a)
    assert stored.made_by == world.privacy_officer
    assert stored.counts == [{"rule": "pupil_file", "category": "pupil.observations", "count": 2}]
    assert stored.total == 2
    # The page shows the rules on today's date; the run counts on today too.
    run = purge_run(board=world.board)
    assert run.status == "done"
    assert set(PurgePreview.objects.values_list("run", flat=True)) == {run.pk}
    assert first_run_schools(world.board.pk) == []


def test_a_preview_older_than_a_day_is_stale(world, register):
    _gone(world)
    previewed(world.board, DAY)
    PurgePreview.objects.filter(school=world.school_a).update(
        made_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    with translation.override("en"), pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board, day=DAY)
    assert refused.value.stale == [world.school_a.name] and refused.value.missing == []
    assert "more than a day old" in str(refused.value)


def test_a_preview_whose_counts_changed_is_stale(world, register):
    pupil = _gone(world)
    previewed(world.board, DAY)
    record(pupil, "pupil.observations")  # one more item would go than the officer saw
    with pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board, day=DAY)
    assert refused.value.stale == [world.school_a.name]
    previewed(world.board, DAY)  # looked at again: the newest preview counts
    assert purge_run(board=world.board, day=DAY).status == "done"
    assert not Record.objects.filter(pupil=pupil).exists()


def test_later_runs_need_no_preview_but_a_new_school_does(world, register):
    previewed(world.board, DAY)
    purge_run(board=world.board, day=DAY)
    assert purge_run(board=world.board, day=DAY + timedelta(days=1)).status == "done"
    new = factories.make_school(board=world.board, name="De Nieuwe School")
    with pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board, day=DAY + timedelta(days=2))
    assert refused.value.missing == [new.name]


def test_the_api_keeps_its_shape_and_stores_the_preview(client, world, register):
    _gone(world)
    response = client.get(
        f"/api/v1/retention/preview?school={world.school_a.pk}",
        headers=bearer(world.privacy_officer),
    )
    assert response.status_code == 200
    assert set(response.json()) == {"day", "school", "total", "held", "rows"}
    stored = PurgePreview.objects.get()
    assert (stored.school, stored.made_by, stored.total) == (
        world.school_a,
        world.privacy_officer,
        response.json()["total"],
    )
    # The whole board's preview is not a school's: it stores only the board-wide part.
    client.get("/api/v1/retention/preview", headers=bearer(world.privacy_officer))
    assert PurgePreview.objects.count() == 2
    assert PurgePreview.objects.filter(school__isnull=True, made_by=world.privacy_officer).exists()


def test_the_command_says_why_and_the_nightly_task_skips_the_board(world, register):
    _gone(world)
    with translation.override("en"), pytest.raises(CommandError, match="needs a preview"):
        call_command("purge", "--board", str(world.board.pk), stdout=StringIO())
    for board in Board.objects.exclude(pk=world.board.pk):
        previewed(board)
    assert purge_task.call() == 1  # the other board ran; this one waits for its preview
    assert not PurgeRun.objects.filter(board=world.board).exists()
