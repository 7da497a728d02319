"""A teacher uploads a group photo, tags the faces and publishes it with a face blurred."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.urls import reverse
from playwright.sync_api import Page, expect

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.photos.models import Channel, FaceOutcome, Photo, Publication
from schoolprivacy.photos.services import channels_install_defaults
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.testing import factories
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.conftest import PHONE
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def photo_storage(settings: LazySettings, tmp_path: Path) -> Path:
    """The live server writes photos to this test's folder, never to the real var/photos."""
    root = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def test_the_teacher_uploads_tags_and_publishes_with_a_face_blurred(
    world: World,
    live_server,
    page: Page,
    signed_in_as: Callable[[User], None],
    tmp_path: Path,
):
    purposes_install_defaults(board=world.board, actor_id=None)
    channels_install_defaults(board=world.board, actor_id=None)
    daan = factories.make_pupil(group=world.group_a, first_name="Daan", surname="Smit")
    website_purpose = Purpose.objects.get(board=world.board, key="website")
    grant(world.parent.guardian, world.pupil_a, website_purpose)
    website = Channel.objects.get(board=world.board, key="website")
    image, _boxes = samples.group_photo(3, size=(1200, 800), face_height=140)
    file = tmp_path / "groepsfoto.jpg"
    file.write_bytes(samples.jpeg_bytes(image))

    signed_in_as(world.teacher)
    page.goto(live_server.url + reverse("photos:upload"))
    check_accessibility(page)
    page.fill("input[name=new-name]", "Sportdag")
    page.fill("input[name=new-held_on]", "2026-09-30")
    page.set_input_files("input[name=photos]", str(file))
    page.click("#upload-form button[type=submit]")
    # The script uploads the file by itself and shows the result in the page (no navigation).
    page.wait_for_selector("#upload-files .upload-stored", timeout=60_000)
    assert page.locator("#upload-files progress").count() == 1
    assert page.locator("#upload-files progress").get_attribute("value") == "100"
    # The summary is written after the row, when the last upload has been answered.
    expect(page.locator("#upload-summary")).to_have_text(re.compile(r"\b1\b"))
    check_accessibility(page)
    photo = Photo.objects.get()
    assert photo.event.name == "Sportdag" and photo.detection == "done"

    click_and_load(page, "#upload-files a")
    assert page.locator("svg.photo-svg rect").count() == 3
    check_accessibility(page)
    # Every face in one form, saved once.
    page.select_option("#face-1 select", str(world.pupil_a.pk))
    page.select_option("#face-2 select", str(daan.pk))
    page.select_option("#face-3 select", "not_a_pupil")
    click_and_load(page, "form.faces-form button[type=submit]")
    assert page.locator("#face-1 select").input_value() == str(world.pupil_a.pk)
    assert page.locator("#face-3 select").input_value() == "not_a_pupil"

    page.check(f"input[name=channel][value='{website.pk}']")
    click_and_load(page, "form[action$='/publiceren/'] button[type=submit]")
    message = page.locator(".message-success").inner_text()
    assert "Website" in message and "1" in message
    check_accessibility(page)
    publication = Publication.objects.get()
    outcomes = sorted(publication.faces.values_list("outcome", flat=True))
    assert outcomes == sorted([FaceOutcome.SHOWN, FaceOutcome.NO_CONSENT, FaceOutcome.NOT_A_PUPIL])

    address = page.locator("#publications ~ .table-wrap a[href^='/p/']").get_attribute("href")
    assert address == reverse("photos:rendition", args=[publication.token])
    rendition = page.request.get(live_server.url + address)
    assert rendition.status == 200 and rendition.headers["content-type"] == "image/jpeg"
    assert rendition.body()[:2] == b"\xff\xd8"

    page.goto(live_server.url + reverse("photos:who_may_appear") + f"?group={world.group_a.pk}")
    assert page.locator("main tbody tr").count() == 2
    check_accessibility(page)

    # On a phone the photo page fits the screen: wide tables scroll inside their own box.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("photos:photo", args=[photo.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("photos:library"))
    assert page.locator(f"a[href='{reverse('photos:photo', args=[photo.pk])}']").count() >= 1
    check_accessibility(page)

    # The parent withdraws: the face is blurred at once and the director sees what changed.
    grant(world.parent.guardian, world.pupil_a, website_purpose, "withdrawn")
    handle_pending()  # normally the worker; idempotent if the immediate backend already ran it
    publication.refresh_from_db()
    assert publication.version == 2
    signed_in_as(world.director)
    page.goto(live_server.url + reverse("photos:takedowns"))
    assert page.locator(".takedown-list > li").count() == 1
    check_accessibility(page)
    click_and_load(page, ".takedown-list button[type=submit]")
    assert page.locator(".takedown-list > li").count() == 0

    # The parent sees the photo among their child's data, with the other faces blurred.
    signed_in_as(world.parent)
    page.goto(live_server.url + reverse("portal:child", args=[world.pupil_a.pk]))
    link = page.locator(
        f"a[href='{reverse('photos:portal_photo', args=[world.pupil_a.pk, photo.pk])}']"
    )
    assert link.count() == 1
    check_accessibility(page)
    own = page.request.get(live_server.url + str(link.get_attribute("href")))
    assert own.status == 200 and own.headers["content-type"] == "image/jpeg"
