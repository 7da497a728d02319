"""Issue 13, done when: an export with a new guardian is imported, the administration sends the
invitations, the emailed link signs the guardian in, they see their child and withdraw a consent;
a guardian without authority sees only what the law allows; the sign-in page answers an unknown
address as it answers a known one. Every page passes axe, and the invitation page, the token page
and the parent pages fit a 390 px wide phone without sideways scrolling."""

import re
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, ViewportSize, expect

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tests.conftest import SmtpSink, smtp_sink  # noqa: F401 (fixture)
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.consents.tests.conftest import by_portal
from schoolprivacy.imports.tests.helpers import SAMPLES
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.web.tests.browser.accessibility import check_accessibility
from schoolprivacy.web.tests.browser.conftest import TIMEOUT_MS, new_page
from schoolprivacy.web.tests.browser.navigation import click_and_load

pytestmark = pytest.mark.browser

PHONE_390: ViewportSize = {"width": 390, "height": 844}
NEW_GUARDIAN = "peter.devries@example.nl"  # in the ParnasSys sample, not yet in `world`


@pytest.fixture(autouse=True)
def _pending_uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    """A second browser (its own cookies) at phone width: the parent's."""
    context = chromium.new_context(viewport=PHONE_390, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    yield new_page(context)
    context.close()


def _fits_and_passes_axe(page: Page) -> None:
    # After a form post the old document may be gone before the new one is parsed:
    # measure the page that answered, not the moment between two pages.
    page.wait_for_load_state("load")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"{page.url} is {width} px wide at 390 px"
    check_accessibility(page)


def _link_in_mail_to(email: str) -> str:
    bodies = [str(m.body) for m in mail.outbox if m.to == [email]]
    assert len(bodies) == 1, f"{len(bodies)} emails to {email}"
    path = re.search(r"/ouders/inloggen/[^/\s]+/", bodies[0])
    assert path is not None
    return path.group(0)


def _import_the_sample(page: Page, url: str) -> None:
    page.goto(f"{url}/imports/")
    page.set_input_files("#id_file", str(SAMPLES / "parnassys.csv"))
    click_and_load(page, "main button[type=submit]")
    click_and_load(page, "main form[action$='/confirm/'] button")
    expect(page).to_have_url(re.compile(r"/imports/[^/]+/runs/[0-9]+/$"))


def _link_in_sink_to(sink: SmtpSink, address: str) -> str:
    """The sign-in link of the one message a real SMTP server received for `address`."""
    messages = [message_from_bytes(raw, policy=default_policy) for raw in sink.messages]
    mine = [m for m in messages if address in str(m["To"])]
    assert len(mine) == 1, f"{len(mine)} emails to {address}"
    body = mine[0].get_body(preferencelist=("plain",))
    assert body is not None
    path = re.search(r"/ouders/inloggen/[^/\s]+/", body.get_content())
    assert path is not None
    return path.group(0)


def test_an_imported_guardian_is_invited_signs_in_and_withdraws_a_consent(
    world: World,
    live_server: Any,
    page: Page,
    phone: Page,
    signed_in_as: Callable[[User], None],
    smtp_sink: SmtpSink,  # noqa: F811 (the fixture imported above)
) -> None:
    purposes_install_defaults(board=world.board, actor_id=None)
    url = live_server.url
    signed_in_as(world.administration)
    _import_the_sample(page, url)
    guardian = Guardian.objects.select_related("user").get(email=NEW_GUARDIAN)
    assert guardian.user is not None  # the import made the account
    child = Pupil.objects.get(school=world.school_a, external_id="1001")

    # The administration finds the invitations in the menu, previews and sends the round.
    page.goto(f"{url}/")
    click_and_load(page, "nav.main-nav a[href='/uitnodigingen/']", url="**/uitnodigingen/")
    check_accessibility(page)
    click_and_load(page, f"main a[href='/uitnodigingen/{world.school_a.slug}/']")
    expect(page.locator("main")).to_contain_text("Peter de Vries")
    expect(page.locator("main")).to_contain_text("Mark Smit")  # no address: cannot be invited
    check_accessibility(page)
    page.set_viewport_size(PHONE_390)
    _fits_and_passes_axe(page)
    click_and_load(page, "main form[method=post] button[type=submit] >> nth=0")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("main table").last).to_contain_text(NEW_GUARDIAN)
    _fits_and_passes_axe(page)
    # The invitation went through Django's SMTP backend to a real SMTP server on this machine.
    path = _link_in_sink_to(smtp_sink, NEW_GUARDIAN)

    # The guardian opens the link on their phone: signed in, their child, a consent withdrawn.
    website = Purpose.objects.get(board=world.board, key="website")
    by_portal(guardian, child, website, "granted")
    phone.goto(url + path)
    _fits_and_passes_axe(phone)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(url + "/ouders/")
    expect(phone.locator("main h2", has_text="Sem de Vries")).to_be_visible()
    _fits_and_passes_axe(phone)
    phone.click(f"a[href='/ouders/kinderen/{child.pk}/']")
    phone.wait_for_url(f"**/ouders/kinderen/{child.pk}/")
    _fits_and_passes_axe(phone)
    phone.click(f"a[href='/ouders/kinderen/{child.pk}/toestemming/']")
    phone.wait_for_url("**/toestemming/")
    _fits_and_passes_axe(phone)
    phone.click(f"main a[href$='/toestemming/{website.pk}/']")
    phone.wait_for_url(f"**/toestemming/{website.pk}/")
    _fits_and_passes_axe(phone)
    phone.check("input[value=withdrawn]")
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("input[name=confirmed]", state="attached")
    _fits_and_passes_axe(phone)
    # Saved, the choice answers on the address the confirmation was already on.
    click_and_load(phone, "main form button[type=submit]", url=f"**/toestemming/{website.pk}/")
    expect(phone.locator("main .consent-withdrawn").first).to_be_visible()
    _fits_and_passes_axe(phone)

    # The language of their emails, from the portal's start page.
    phone.goto(url + "/ouders/")
    phone.click("main a[href='/ouders/taal/']")
    phone.wait_for_url("**/ouders/taal/")
    _fits_and_passes_axe(phone)


def test_a_guardian_without_authority_sees_only_what_the_law_allows(
    world: World, live_server: Any, phone: Page
) -> None:
    url = live_server.url
    mail.outbox.clear()
    phone.goto(url + "/ouders/inloggen/")
    phone.fill("input[name=email]", "ex@example.nl")
    click_and_load(phone, "form:has(input[name=email]) button[type=submit]")
    expect(phone.locator("input[name=email]")).to_have_count(0)
    phone.goto(url + _link_in_mail_to("ex@example.nl"))
    phone.click("main form button[type=submit]")
    phone.wait_for_url(url + "/ouders/")
    expect(phone.locator("main h2", has_text="Sanne Jansen")).to_be_visible()
    # Information on request only (BW 1:377c): no way into the child's data or consent.
    expect(phone.locator(f"main a[href^='/ouders/kinderen/{world.pupil_a.pk}/']")).to_have_count(0)
    _fits_and_passes_axe(phone)
    for path in ("", "toestemming/", "gegevens/"):
        response = phone.goto(f"{url}/ouders/kinderen/{world.pupil_a.pk}/{path}")
        assert response is not None and response.status == 404, path


def test_the_sign_in_page_answers_an_unknown_address_as_a_known_one(
    world: World, live_server: Any, phone: Page
) -> None:
    answers = []
    mail.outbox.clear()
    for email in ("ouder@example.nl", "niemand@example.nl"):
        phone.goto(live_server.url + "/ouders/inloggen/")
        _fits_and_passes_axe(phone)
        phone.fill("input[name=email]", email)
        click_and_load(phone, "form:has(input[name=email]) button[type=submit]")
        expect(phone.locator("input[name=email]")).to_have_count(0)
        _fits_and_passes_axe(phone)
        answers.append((phone.title(), phone.locator("main").inner_text()))
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["ouder@example.nl"]]  # the unknown one gets nothing


def test_the_token_page_fits_a_phone(
    world: World,
    live_server: Any,
    page: Page,
    signed_in_as: Callable[[User], None],
) -> None:
    signed_in_as(world.teacher)
    page.set_viewport_size(PHONE_390)
    page.goto(live_server.url + "/")
    _fits_and_passes_axe(page)
    page.click("main a[href='/tokens/']")
    page.wait_for_url("**/tokens/")
    expect(page.locator("h1")).to_be_visible()
    _fits_and_passes_axe(page)
