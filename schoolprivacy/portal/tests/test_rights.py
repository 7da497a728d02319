"""The portal's records page and requests: the parent sees the child's records, asks for a copy
and downloads it over a single-use link; everyone else gets 404."""

import io
import zipfile
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import record_create

ClientFor = Callable[[User], Client]


def test_the_parent_sees_the_childs_actual_records(
    world: World, parent_client: ClientFor, staff_client: ClientFor
) -> None:
    record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Werkt zelfstandig",
        body="Helpt Daan Bakker met rekenen",
    )
    url = reverse("portal:child_records", args=[world.pupil_a.pk])
    page = parent_client(world.parent).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Werkt zelfstandig" in text
    assert "Daan Bakker" not in text  # another pupil's name is redacted
    for outsider in (world.parent_b, world.parent_without_authority):
        assert parent_client(outsider).get(url).status_code == 404
    assert staff_client(world.teacher).get(url).status_code == 404


def test_the_parent_asks_for_a_copy_and_downloads_it_once(
    world: World, parent_client: ClientFor, staff_client: ClientFor
) -> None:
    client = parent_client(world.parent)
    sent = client.post(reverse("portal:rights"), {"pupil": world.pupil_a.pk, "kind": "access"})
    assert sent.status_code == 302
    page = client.get(reverse("portal:rights"))
    assert "days left" in page.content.decode() or "dagen" in page.content.decode()
    request_id = page.context["rows"][0][0].pk
    # Another parent cannot make a link for it.
    other = parent_client(world.parent_b).post(
        reverse("portal:request_download", args=[request_id])
    )
    assert other.status_code == 404
    link = client.post(reverse("portal:request_download", args=[request_id]))
    assert link.status_code == 302
    download = Client().get(link["Location"])  # the link itself needs no sign-in
    assert download.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(download.getvalue())).namelist()
    assert any(name.endswith(".pdf") for name in files)
    assert Client().get(link["Location"]).status_code == 404  # single use
    # The privacy officer sees it in the queue with days left; a teacher gets nothing.
    queue = staff_client(world.privacy_officer).get(reverse("requests:staff_queue"))
    assert f"#{request_id}" in queue.content.decode()
    detail = reverse("requests:staff_detail", args=[request_id])
    assert staff_client(world.teacher).get(detail).status_code == 404
    assert staff_client(world.privacy_officer).get(detail).status_code == 200


def test_a_parent_of_another_child_cannot_ask_about_this_one(
    world: World, parent_client: ClientFor
) -> None:
    response = parent_client(world.parent_b).post(
        reverse("portal:rights"), {"pupil": world.pupil_a.pk, "kind": "access"}
    )
    assert response.status_code == 404


def test_staff_do_not_reach_the_requesters_pages(world: World, staff_client: ClientFor) -> None:
    assert staff_client(world.teacher).get(reverse("portal:rights")).status_code == 404
