"""A teacher uploads a photo, tags its faces and publishes it with the keyboard only (issue 19):
every step reached with Tab and taken with Enter, Space or the arrow keys, and axe-core clean at
each step. A step that needs a mouse fails the test."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.photos.models import Channel, FaceOutcome, Photo, Publication
from schoolprivacy.photos.services import channels_install_defaults, event_create
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.testing import factories
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import press_and_load
from schoolprivacy.web.tests.browser.test_keyboard_only import tab_to
from schoolprivacy.web.tests.browser.test_photos_in_a_browser import (
    photo_storage,  # noqa: F401  (the fixture: photos go to this test's folder)
)

pytestmark = pytest.mark.browser


def choose(page: Page, selector: str, value: str) -> None:
    """Tab to a select and move to `value` with the arrow keys, as a keyboard user does."""
    tab_to(page, selector)
    for _ in range(40):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {value!r} in {selector}")


def test_the_teacher_uploads_tags_and_publishes_with_the_keyboard_only(
    world: World,
    live_server,
    page: Page,
    signed_in_as: Callable[[User], None],
    tmp_path: Path,
):
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    daan = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    grant(
        world.parent.guardian, world.pupil_a, Purpose.objects.get(board=world.board, key="website")
    )
    website = Channel.objects.get(board=world.board, key="website")
    event = event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )
    image, _boxes = samples.group_photo(2, size=(1200, 800), face_height=140)
    file = tmp_path / "groepsfoto.jpg"
    file.write_bytes(samples.jpeg_bytes(image))

    # 1. Upload: the event from the list, the file through the file chooser opened with Space.
    signed_in_as(world.teacher)
    page.goto(live_server.url + reverse("photos:upload"))
    # Listen for the file chooser now, long before Space is pressed. Playwright asks Chromium to
    # intercept file choosers when the first listener comes, without waiting for the answer; if
    # that listener came with `expect_file_chooser` just before the key, on a loaded machine
    # the key could reach Chromium first and open an unintercepted (headless: invisible)
    # chooser, and the event never came (CI at 07:52 on 6 December, even with a minute's wait).
    page.on("filechooser", lambda _chooser: None)
    check_accessibility(page)
    choose(page, "main select[name=event]", str(event.pk))
    tab_to(page, "main input[name=photos]")
    with page.expect_file_chooser(timeout=60_000) as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(file))
    tab_to(page, "#upload-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#upload-files .upload-stored", timeout=60_000)
    check_accessibility(page)
    photo = Photo.objects.get()
    assert photo.event == event and photo.detection == "done"

    # 2. Tag: each face's choice with the arrow keys, saved with Enter.
    tab_to(page, "#upload-files a")
    press_and_load(page, "Enter")
    check_accessibility(page)
    choose(page, "#face-1 select", str(world.pupil_a.pk))
    choose(page, "#face-2 select", str(daan.pk))
    tab_to(page, "form.faces-form button[type=submit]")
    press_and_load(page, "Enter")
    check_accessibility(page)
    assert page.locator("#face-1 select").input_value() == str(world.pupil_a.pk)
    assert page.locator("#face-2 select").input_value() == str(daan.pk)

    # 3. Publish: the channel chosen with the arrow keys and Space, sent with Enter.
    tab_to(page, "main input[name=channel]")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == str(website.pk):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator(f"input[name=channel][value='{website.pk}']").is_checked()
    tab_to(page, "form[action$='/publiceren/'] button[type=submit]")
    press_and_load(page, "Enter")
    assert page.locator(".message-success").count() == 1
    check_accessibility(page)

    publication = Publication.objects.get(channel=website)
    outcomes = sorted(publication.faces.values_list("outcome", flat=True))
    assert outcomes == sorted([FaceOutcome.SHOWN, FaceOutcome.NO_CONSENT])
