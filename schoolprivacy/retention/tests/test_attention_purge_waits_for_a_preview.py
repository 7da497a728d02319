"""The workspace lists a board whose purge is refused for want of a preview while data is past
its rule, with a link to the preview; only for those who may see retention (decision 0057)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from schoolprivacy.access.models import Role
from schoolprivacy.attention import collect
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import PurgeRefused, preview_store
from schoolprivacy.retention.models import PurgeWait
from schoolprivacy.retention.preview import count, preview
from schoolprivacy.retention.tasks import purge_task
from schoolprivacy.retention.tests.conftest import leave, previewed, record
from schoolprivacy.schools.models import Board
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

OUTSIDERS = ("director", "administration", "teacher", "care_coordinator", "other_board_staff")


def _waiting(user):
    return [i for i in collect(user) if i.kind == "purge_preview"]


def _gone(world):
    pupil = leave(world.pupil_a, date(2022, 7, 10))
    record(pupil, "pupil.observations")
    return pupil


def _others_previewed(world):
    for board in Board.objects.exclude(pk=world.board.pk):
        previewed(board)


def test_a_refused_nightly_purge_with_data_due_is_listed_for_the_officer(
    world, register, staff_client
):
    _gone(world)
    _others_previewed(world)
    assert _waiting(world.privacy_officer) == []  # nothing tried yet
    purge_task.call()
    with translation.override("en"):
        (item,) = _waiting(world.privacy_officer)
    assert item.overdue and item.url == reverse("retention:preview")
    assert world.school_a.name in item.detail and world.school_b.name in item.detail
    assert "board-wide data" in item.detail and "1 item is past" in item.detail
    assert staff_client(world.privacy_officer).get(item.url).status_code == 200
    for persona in OUTSIDERS:
        user = getattr(world, persona)
        assert _waiting(user) == [], persona
        assert staff_client(user).get(item.url).status_code == 404, persona
    with translation.override("en"):
        page = staff_client(world.director).get("/").content.decode()
    assert "waits for your preview" not in page


def test_the_item_goes_once_the_officer_looked_and_the_run_started(world, register):
    _gone(world)
    with pytest.raises(PurgeRefused):
        purge_run(board=world.board)
    assert len(_waiting(world.privacy_officer)) == 1
    previewed(world.board)
    assert _waiting(world.privacy_officer) == []
    purge_run(board=world.board)
    assert not PurgeWait.objects.filter(board=world.board).exists()


def test_one_part_waiting_links_to_its_preview(world, register):
    _gone(world)
    board = world.board
    preview_store(board, world.school_a, preview(board, school_id=world.school_a.pk), actor_id=None)
    preview_store(board, None, count(board).part(None), actor_id=None)
    with pytest.raises(PurgeRefused):
        purge_run(board=board)
    (item,) = _waiting(world.privacy_officer)
    assert item.url == f"{reverse('retention:preview')}?school={world.school_b.pk}"
    assert world.school_a.name not in item.detail


def test_nothing_due_is_nothing_to_attend_to(world, register):
    with pytest.raises(PurgeRefused):
        purge_run(board=world.board)
    assert PurgeWait.objects.get(board=world.board).due == 0
    assert _waiting(world.privacy_officer) == []


def test_a_preview_gone_stale_is_listed_until_a_new_one_is_made(world, register):
    pupil = _gone(world)
    previewed(world.board)
    record(pupil, "pupil.observations")  # more would go than the officer saw
    with pytest.raises(PurgeRefused):
        purge_run(board=world.board)
    (item,) = _waiting(world.privacy_officer)
    assert item.url == f"{reverse('retention:preview')}?school={world.school_a.pk}"
    previewed(world.board)
    assert _waiting(world.privacy_officer) == []


def test_the_privacy_officer_of_another_board_never_sees_this_boards_wait(
    world, register, staff_client
):
    other_board = Board.objects.get(name="Stichting Elders")
    officer = factories.make_staff(board=other_board, username="fg-elders")
    factories.assign(officer, Role.PRIVACY_OFFICER)
    _gone(world)
    purge_task.call()  # this board waits; the other board has nothing due
    assert len(_waiting(world.privacy_officer)) == 1
    assert _waiting(officer.user) == []
    # The link of this board's item, opened by the other officer, is their own board's preview.
    with translation.override("en"):
        page = staff_client(officer.user).get(reverse("retention:preview"))
    assert world.school_a.name not in page.content.decode()
    one = f"{reverse('retention:preview')}?school={world.school_a.pk}"
    assert staff_client(officer.user).get(one).status_code == 404
