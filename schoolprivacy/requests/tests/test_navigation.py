"""How staff find the requests: a menu item for those who handle or record them, and a link from
the pupil page to recording one (the administration's only, like the recording page itself)."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World

ClientFor = Callable[[User], Client]


def test_the_menu_shows_requests_to_the_privacy_officer_and_the_administration_only(
    world: World, staff_client: ClientFor
) -> None:
    queue = reverse("requests:staff_queue")
    link = f'href="{queue}"'
    for user in (world.privacy_officer, world.administration):
        page = staff_client(user).get(reverse("web:home"))
        assert page.status_code == 200
        assert link in page.content.decode(), user
        assert staff_client(user).get(queue).status_code == 200
    for user in (world.teacher, world.director, world.care_coordinator):
        page = staff_client(user).get(reverse("web:home"))
        assert page.status_code == 200
        assert link not in page.content.decode(), user


def test_the_pupil_page_links_to_recording_a_request_for_the_administration_only(
    world: World, staff_client: ClientFor
) -> None:
    pupil_page = reverse("web:pupil", args=[world.pupil_a.pk])
    record = reverse("requests:staff_record", args=[world.pupil_a.pk])
    page = staff_client(world.administration).get(pupil_page)
    assert page.status_code == 200
    assert f'href="{record}"' in page.content.decode()
    assert staff_client(world.administration).get(record).status_code == 200
    # A teacher sees the pupil but records no requests: no link, and the page is not there.
    page = staff_client(world.teacher).get(pupil_page)
    assert page.status_code == 200
    assert f'href="{record}"' not in page.content.decode()
    assert staff_client(world.teacher).get(record).status_code == 404
    # Another school's administration neither sees the pupil nor the recording page.
    assert staff_client(world.teacher_b).get(pupil_page).status_code == 404


def test_the_erasure_link_is_shown_only_to_who_may_carry_it_out(
    world: World, staff_client: ClientFor
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from schoolprivacy.requests.models import Channel, Kind, Standing
    from schoolprivacy.requests.services import request_record

    found = request_record(
        actor=world.administration,
        pupil=world.pupil_a,
        kind=Kind.ERASURE,
        received_on=timezone.localdate() - timedelta(days=2),
        channel=Channel.LETTER,
        standing=Standing.AUTHORITY,
        requester_name="Ouder van Sanne",
        identity_check="Identiteitsbewijs gezien aan de balie",
    )
    page = reverse("requests:staff_detail", args=[found.pk])
    erasure = reverse("retention:erasure", args=[world.pupil_a.pk])
    officer = staff_client(world.privacy_officer)
    html = officer.get(page).content.decode()
    assert erasure in html
    assert officer.get(f"{erasure}?request={found.pk}").status_code == 200
    # The administration follows the request, but erasing is not theirs: no link to a 404.
    administration = staff_client(world.administration)
    response = administration.get(page)
    assert response.status_code == 200
    assert erasure not in response.content.decode()
    assert administration.get(erasure).status_code == 404
