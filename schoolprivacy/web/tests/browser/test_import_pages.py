"""The import upload, preview and result pages pass axe-core (issue 5). Kept here, next to the
shared browser fixtures: a second copy of the session-wide Chromium fixture elsewhere would start
Playwright twice in one test run."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.tasks import progress_path
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people.models import Pupil
from schoolprivacy.web.tests.browser.accessibility import check_accessibility

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _pending_uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    # Uploaded files wait in VAR_DIR between preview and confirmation; keep the tests' own.
    settings.VAR_DIR = tmp_path


def test_administration_uploads_previews_and_imports(
    world: World, live_server: object, page: Page, signed_in_as: Callable[[User], None]
) -> None:
    signed_in_as(world.administration)
    page.goto(f"{live_server.url}/imports/")  # type: ignore[attr-defined]
    check_accessibility(page)
    page.set_input_files("#id_file", str(SAMPLES / "parnassys.csv"))
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("1001")
    check_accessibility(page)
    page.click("main form[action$='/confirm/'] button")
    # The status page of the run; the test task backend has already run it.
    expect(page).to_have_url(re.compile(r"/imports/[^/]+/runs/[0-9]+/$"))
    expect(page.locator("h1")).to_be_visible()
    check_accessibility(page)
    assert Pupil.objects.filter(school=world.school_a, external_id="1004").exists()


def test_the_progress_of_a_running_import_passes_axe(
    world: World, live_server: object, page: Page, signed_in_as: Callable[[User], None]
) -> None:
    school = world.school_a
    run = ImportRun.objects.create(
        board=school.board, school=school, requested_by=world.administration,
        status=ImportRun.Status.RUNNING, rows_total=5000,
    )  # fmt: skip
    progress_path(run.pk).write_text("1200")
    signed_in_as(world.administration)
    page.goto(f"{live_server.url}/imports/{school.slug}/runs/{run.pk}/")  # type: ignore[attr-defined]
    progress = page.locator("progress#import-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "1200")
    expect(page.locator("label[for=import-progress]")).to_contain_text("1200")
    check_accessibility(page)


def test_the_preview_of_a_bad_file_passes_axe(
    world: World, live_server: object, page: Page, signed_in_as: Callable[[User], None]
) -> None:
    signed_in_as(world.administration)
    page.goto(f"{live_server.url}/imports/{world.school_a.slug}/")  # type: ignore[attr-defined]
    page.set_input_files("#id_file", str(SAMPLES / "ugly.csv"))
    page.click("main button[type=submit]")
    expect(page.locator("main ul.problems")).to_be_visible()
    check_accessibility(page)
