"""Drift found by the daily check of videos is on the privacy officer's attention list until a
later check finds none, with a link to the page of the video checks (which links on to where
consent effects are followed up); nobody else sees either (README "Not yet built": it used to
reach only the audit log)."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import translation

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import collect
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.testing import factories
from schoolprivacy.videos.sweep import video_publications_sweep
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.test_daily_sweep import (
    Hooks,
    _live,
    _withdraw_and_lose_the_outbox_effect,
)

ENGLISH = {"Accept-Language": "en"}


def _drift(user: User) -> list[str]:
    with translation.override("en"):
        return [i.title for i in collect(user) if i.kind == "video_sweep_drift"]


def _officer_of_another_board() -> User:
    board = factories.make_board(name="Stichting Verder")
    officer = factories.make_staff(board=board, username="fg.verder")
    factories.assign(officer, Role.PRIVACY_OFFICER)
    return officer.user


def test_video_drift_is_on_the_officers_list_until_a_check_finds_none(
    videos: VideoWorld,
    run_commit_hooks: Hooks,
    staff_client: Callable[[User], Client],
    parent_client: Callable[[User], Client],
) -> None:
    w = videos.world
    other_officer = _officer_of_another_board()
    assert _drift(w.privacy_officer) == []  # no check yet
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    _live(videos, run_commit_hooks, videos.website)
    assert video_publications_sweep(board=w.board).drift == 0
    assert _drift(w.privacy_officer) == []  # a check that found nothing asks nothing

    _withdraw_and_lose_the_outbox_effect(videos, videos.website_purpose)
    assert run_commit_hooks(lambda: video_publications_sweep(board=w.board)).drift == 1

    assert _drift(w.privacy_officer) == [
        "The daily check took back 1 published video that consent no longer allowed"
    ]
    [item] = [i for i in collect(w.privacy_officer) if i.kind == "video_sweep_drift"]
    assert item.overdue and item.url == reverse("videos:checks")
    officer = staff_client(w.privacy_officer)
    page = officer.get("/", headers=ENGLISH).content.decode()
    assert "took back 1 published video" in page and "Published videos" in page
    # The link leads to the video checks, with the one that took a video back.
    checks = officer.get(item.url, headers=ENGLISH)
    assert checks.status_code == 200
    assert "Daily check of published videos" in checks.content.decode()
    assert [(c.checked, c.drift) for c in checks.context["checks"]] == [(1, 1), (1, 0)]
    html = checks.content.decode()
    assert "had to take back videos" in html
    # The table (shared with the photos' checks): the newest first, its drift in bold.
    assert "<caption>The most recent checks</caption>" in html
    assert html.index("<td>1</td><td><strong>1</strong></td>") < html.index("<td>1</td><td>0</td>")
    # Nobody else: not the director who removes the copies, not another board's officer.
    for user in (w.director, w.teacher, w.administration, other_officer):
        assert _drift(user) == []
    for user in (w.director, w.teacher, w.administration):
        assert staff_client(user).get(item.url).status_code == 404
    assert parent_client(w.parent).get(item.url).status_code == 404
    # Another board's officer sees that board's checks: none.
    elsewhere = staff_client(other_officer).get(item.url, headers=ENGLISH)
    assert elsewhere.context["checks"] == [] and b"has not run yet" in elsewhere.content

    # The next check finds the video in line: the item goes.
    assert run_commit_hooks(lambda: video_publications_sweep(board=w.board)).drift == 0
    assert _drift(w.privacy_officer) == []
