"""The board-wide steps of the purge (staff, parents linked to no pupil, sign-in data, kept import
files, the audit log) erase data too, so their first run waits for the privacy officer's preview
like a school's does: the preview of the whole board stores the board-wide part (decision 0057).
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.people.models import Staff
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import (
    PurgeRefused,
    board_wide_label,
    board_wide_waiting,
    preview_store,
)
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.preview import preview
from schoolprivacy.schools.models import School

pytestmark = pytest.mark.django_db

LEFT = date(2022, 7, 10)  # the staff file goes 2 years after leaving


def _schools_previewed(board) -> None:
    for school in School.objects.filter(board=board):
        preview_store(board, school, preview(board, school_id=school.pk), actor_id=None)


def _teacher_left(world) -> Staff:
    staff = Staff.objects.get(user=world.teacher)
    Staff.objects.filter(pk=staff.pk).update(left_on=LEFT)
    return staff


def test_without_a_preview_of_the_whole_board_nothing_is_erased(world, register):
    staff = _teacher_left(world)
    _schools_previewed(world.board)
    with translation.override("en"):
        with pytest.raises(PurgeRefused) as refused:
            purge_run(board=world.board)
        assert refused.value.missing == [board_wide_label()]
    assert "first purge of the board-wide data" in str(refused.value)
    assert "preview of the whole board" in str(refused.value)
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"
    assert not PurgeRun.objects.exists()


def test_the_command_names_the_board_wide_data(world, register):
    _teacher_left(world)
    _schools_previewed(world.board)
    with translation.override("en"), pytest.raises(CommandError, match="board-wide data"):
        call_command("purge", "--board", str(world.board.pk), stdout=StringIO())


def test_once_the_officer_saw_the_whole_board_the_run_erases_it(world, register, staff_client):
    staff = _teacher_left(world)
    _schools_previewed(world.board)
    page = staff_client(world.privacy_officer).get(
        reverse("retention:preview"), headers={"Accept-Language": "en"}
    )
    assert "board-wide data" in page.content.decode()
    stored = PurgePreview.objects.get(school__isnull=True)
    assert stored.made_by == world.privacy_officer
    # Only the board-wide part: the teacher's name and sign-in account, nothing of a school.
    assert stored.counts == [{"rule": "staff_file", "category": "staff.identity", "count": 2}]
    run = purge_run(board=world.board)
    assert run.status == "done"
    assert Staff.objects.get(pk=staff.pk).surname == ""
    assert PurgePreview.objects.get(school__isnull=True).run == run
    assert not board_wide_waiting(world.board.pk)


def test_a_preview_of_the_whole_board_is_stale_when_more_would_go(world, register, staff_client):
    staff = _teacher_left(world)
    _schools_previewed(world.board)
    staff_client(world.privacy_officer).get(reverse("retention:preview"))
    other = Staff.objects.get(user=world.care_coordinator)
    Staff.objects.filter(pk=other.pk).update(left_on=LEFT)  # one more leaver since the preview
    with translation.override("en"):
        with pytest.raises(PurgeRefused) as refused:
            purge_run(board=world.board)
        assert refused.value.stale == [board_wide_label()] and refused.value.missing == []
    assert "changed since" in str(refused.value)
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"
    assert not PurgeRun.objects.exists()


def test_a_preview_of_the_whole_board_older_than_a_day_is_stale(world, register, staff_client):
    staff = _teacher_left(world)
    _schools_previewed(world.board)
    staff_client(world.privacy_officer).get(reverse("retention:preview"))
    PurgePreview.objects.filter(school__isnull=True).update(
        made_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    with pytest.raises(PurgeRefused) as refused:
        purge_run(board=world.board)
    assert refused.value.stale == [board_wide_label()]
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"


def test_a_schools_preview_is_not_one_of_the_board_wide_data(world, register, staff_client):
    """Previewing every school one by one shows nothing of the staff: still refused."""
    _teacher_left(world)
    officer = staff_client(world.privacy_officer)
    for school in School.objects.filter(board=world.board):
        officer.get(f"{reverse('retention:preview')}?school={school.pk}")
    assert not PurgePreview.objects.filter(school__isnull=True).exists()
    with pytest.raises(PurgeRefused):
        purge_run(board=world.board)
