"""Rights requests in a real browser, checked with axe-core: a parent asks for a copy and
proposes a correction; the privacy officer corrects the record and answers both; the parent
downloads the package with the PDF."""

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import record_create
from schoolprivacy.requests.models import Request
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser


def _answer(page: Page, url: str, text: str) -> None:
    page.goto(url)
    page.fill("form[action*='beantwoorden'] textarea", text)
    click_and_load(page, "form[action*='beantwoorden'] button")
    expect(page.locator("main")).to_contain_text(text)


def test_a_parent_asks_staff_answer_the_parent_downloads(
    world: World, live_server, page: Page, signed_in_as, browser_context
) -> None:
    w = world
    record = record_create(
        actor=w.teacher,
        pupil=w.pupil_a,
        category_key="pupil.observations",
        title="Lezen",
        body="Leest op niveau M4",
    )
    signed_in_as(w.parent)
    page.goto(live_server.url + "/ouders/verzoeken/")
    check_accessibility(page)
    page.select_option("select[name='kind']", "access")
    # The request answers with a redirect back to the address the form is on.
    click_and_load(page, "main form button[type='submit']", url="**/ouders/verzoeken/")
    page.goto(live_server.url + f"/ouders/kinderen/{w.pupil_a.id}/dossier/")
    expect(page.locator("main")).to_contain_text("Leest op niveau M4")
    check_accessibility(page)
    form = page.locator("form[action$='/correctie/']").first
    page.locator("details:has(form[action$='/correctie/']) summary").first.click()
    form.locator("select[name='field']").select_option("body")
    form.locator("textarea[name='proposed']").fill("Leest op niveau E5")
    form.locator("button").click()
    page.wait_for_url("**/ouders/verzoeken/")
    check_accessibility(page)

    access = Request.objects.get(kind="access")
    correction = Request.objects.get(kind="rectification")
    browser_context.clear_cookies()
    signed_in_as(w.privacy_officer)
    page.goto(live_server.url + "/verzoeken/")
    check_accessibility(page)
    page.goto(live_server.url + f"/verzoeken/{correction.pk}/")
    check_accessibility(page)
    # The request's page showed the proposed text already: wait for the answer itself.
    click_and_load(page, "form[action*='correctie-doorvoeren'] button")
    expect(page.locator("main")).to_contain_text("Leest op niveau E5")
    _answer(page, live_server.url + f"/verzoeken/{correction.pk}/", "Aangepast")
    _answer(page, live_server.url + f"/verzoeken/{access.pk}/", "Zie de download")
    check_accessibility(page)
    record.refresh_from_db()
    assert record.body == "Leest op niveau E5"
    assert Record.objects.get().versions.get().body == "Leest op niveau M4"

    browser_context.clear_cookies()
    signed_in_as(w.parent)
    page.goto(live_server.url + "/ouders/verzoeken/")
    check_accessibility(page)
    with page.expect_download() as info:
        page.click("form[action*='/download/'] button")
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    pdf = archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))
    assert pdf.startswith(b"%PDF")
