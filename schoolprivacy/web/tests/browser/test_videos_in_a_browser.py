"""A teacher uploads a video (with a progress bar), lists who appears and publishes it; the
parent sees it among their child's data. Every page passes axe."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.urls import reverse
from playwright.sync_api import Page

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.photos.models import Channel
from schoolprivacy.photos.services import channels_install_defaults
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser

# Keeps every value the progress bar takes in sessionStorage, which outlives the navigation to
# the video's page that follows the upload.
RECORD_PROGRESS = """
() => {
  const bar = document.getElementById("video-upload-bar");
  sessionStorage.setItem("progress", "");
  new MutationObserver(() => {
    sessionStorage.setItem("progress", sessionStorage.getItem("progress") + " " + bar.value);
  }).observe(bar, {attributes: true});
  const box = document.getElementById("video-upload-progress");
  new MutationObserver(() => {
    if (!box.hidden) sessionStorage.setItem("shown", "yes");
  }).observe(box, {attributes: true});
}
"""


@pytest.fixture(autouse=True)
def photo_storage(settings: LazySettings, tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def test_upload_with_progress_list_pupils_publish_and_the_parent_sees_it(
    world: World,
    live_server,
    page: Page,
    signed_in_as: Callable[[User], None],
    tmp_path: Path,
):
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    grant(
        world.parent.guardian, world.pupil_a, Purpose.objects.get(board=world.board, key="website")
    )
    website = Channel.objects.get(board=world.board, key="website")
    file = make_video(tmp_path / "sportdag.mov", seconds=1.0, size=(320, 240), face_height=70)

    signed_in_as(world.teacher)
    page.goto(live_server.url + reverse("videos:upload"))
    check_accessibility(page)
    page.evaluate(RECORD_PROGRESS)
    page.set_input_files("input[name=file]", str(file))
    page.fill("input[name=event_name]", "Sportdag")
    page.fill("input[name=event_date]", "2026-09-30")
    page.click("#video-upload-form button[type=submit]")
    # The script sends the file itself, shows the bar, and moves to the video once stored.
    page.wait_for_url(re.compile(r"/videos/\d+/$"), timeout=60_000)
    assert page.evaluate("sessionStorage.getItem('shown')") == "yes"
    assert page.evaluate("sessionStorage.getItem('progress')").split()[-1] == "100"
    video = Video.objects.get()
    assert video.processing == "ready" and video.event.name == "Sportdag"
    check_accessibility(page)

    page.check(f"input[name=pupils][value='{world.pupil_a.pk}']")
    click_and_load(page, "form[action$='/leerlingen/'] button[type=submit]")
    assert list(video.appearances.values_list("pupil_id", flat=True)) == [world.pupil_a.pk]
    page.select_option("select[name=channel]", str(website.pk))
    click_and_load(page, "form[action$='/publiceren/'] button[type=submit]")
    publication = VideoPublication.objects.get()
    assert (publication.blurred, publication.render) == (False, "ready")
    page.reload()
    address = page.locator(f"a[href='{reverse('videos:rendition', args=[publication.token])}']")
    assert address.count() == 1
    check_accessibility(page)
    served = page.request.get(live_server.url + str(address.get_attribute("href")))
    assert served.status == 200 and served.headers["content-type"] == "video/mp4"

    signed_in_as(world.parent)
    page.goto(live_server.url + reverse("portal:child", args=[world.pupil_a.pk]))
    poster = page.locator(
        f"img[src='{reverse('videos:portal_poster', args=[world.pupil_a.pk, video.pk])}']"
    )
    assert poster.count() == 1
    assert "Website" in page.locator(".video-list").inner_text()
    check_accessibility(page)
