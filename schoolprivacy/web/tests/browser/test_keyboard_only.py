"""A parent withdraws photo consent with the keyboard only: no mouse, no clicks (issue 19).

Every step is reached with Tab and taken with Enter, Space or the arrow keys, as someone who
cannot use a mouse does; a step that cannot be reached that way fails the test.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.services import purposes_install_defaults
from schoolprivacy.consents.tests.conftest import by_portal
from schoolprivacy.web.tests.browser.navigation import press_and_load

pytestmark = pytest.mark.browser
MAX_TABS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            # A visible focus indicator: the browser's or ours (app.css :focus-visible).
            assert page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            ), f"{selector} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def test_a_parent_withdraws_consent_with_the_keyboard_only(
    world: World, live_server, page: Page, signed_in_as: Callable[[User], None]
):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    by_portal(world.parent.guardian, world.pupil_a, website, "granted")
    signed_in_as(world.parent)
    child = f"/ouders/kinderen/{world.pupil_a.id}/"

    page.goto(live_server.url + "/ouders/")
    tab_to(page, f"main a[href='{child}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{child}")
    tab_to(page, f"main a[href='{child}toestemming/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/toestemming/")
    tab_to(page, f"main a[href$='/toestemming/{website.id}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/toestemming/{website.id}/")

    tab_to(page, "main input[name=decision]")
    for _ in range(6):  # the arrow keys move within the group, Space chooses
        if page.evaluate("() => document.activeElement.value") == "withdrawn":
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[value=withdrawn]")).to_be_checked()
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    tab_to(page, "main form button[type=submit]")
    # Saved, the choice answers on the address the confirmation was already on.
    press_and_load(page, "Enter", url=f"**/toestemming/{website.id}/")

    expect(page.locator("main .consent-withdrawn").first).to_be_visible()
