"""Error pages are the product's own: in the layout, in Dutch, with a way back (issue 19).

A 404 is frequent by design (an outsider asking for a pupil), so it must not be Django's bare
English "Not Found"; the admin's 403 neither.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from schoolprivacy.web.views import errors


def _dutch(msgid: str) -> str:
    # The Dutch of the catalogue (the same string until a translation is merged).
    with translation.override("nl"):
        return gettext(msgid)


def _assert_in_layout(text: str) -> None:
    assert '<html lang="nl">' in text
    assert 'class="site-header"' in text
    assert f'href="{reverse("web:home")}"' in text  # a way back
    assert "Not Found" not in text and "Forbidden" not in text


def test_a_pupil_out_of_scope_gets_the_404_page_in_the_layout(world, staff_client):
    # The teacher of group 5a asks for a pupil of the other school: 404, never 403.
    response = staff_client(world.teacher).get(reverse("web:pupil", args=[world.pupil_b.id]))

    assert response.status_code == 404
    text = response.content.decode()
    _assert_in_layout(text)
    assert _dutch("Page not found") in text
    assert "Noor" not in text and "Visser" not in text
    # Signed in: the navigation is there, so the way back is the product itself.
    assert 'class="main-nav' in text or reverse("web:pupils") in text


def test_an_unknown_address_gets_the_404_page_with_sign_in_links(db):
    response = Client().get("/bestaat-niet/")

    assert response.status_code == 404
    text = response.content.decode()
    _assert_in_layout(text)
    assert reverse("accounts:login") in text and reverse("accounts:parent_login") in text


def test_the_404_page_follows_the_language_choice(world, staff_client):
    client = staff_client(world.teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    text = client.get("/bestaat-niet/").content.decode()

    assert '<html lang="en">' in text and "Page not found" in text


def test_the_admin_refuses_staff_without_admin_rights_in_the_layout(world, staff_client):
    # The admin's own login page, for a staff member who is not admin staff: 403, our page.
    response = staff_client(world.teacher).get(reverse("admin:login"))

    assert response.status_code == 403
    text = response.content.decode()
    _assert_in_layout(text)
    assert _dutch("You cannot do this here") in text


def test_a_parent_asking_for_the_admin_gets_the_404_page(world, parent_client):
    response = parent_client(world.parent).get(reverse("admin:index"))

    assert response.status_code == 404
    _assert_in_layout(response.content.decode())


@pytest.mark.parametrize("status", [400, 500])
def test_the_other_error_pages_render_in_the_layout(rf, db, status):
    request = rf.get("/")
    response = errors.server_error(request) if status == 500 else errors.bad_request(request)

    assert response.status_code == status
    text = response.content.decode()
    assert 'class="site-header"' in text and f'href="{reverse("web:home")}"' in text


def test_the_500_page_needs_no_database(rf, db, monkeypatch):
    # A broken database must not break the error page: it is rendered without the request.
    def broken(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    request = rf.get("/")
    with monkeypatch.context() as patched:
        patched.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
        response = errors.server_error(request)

    assert response.status_code == 500
    with translation.override("nl"):
        assert gettext("Something went wrong on our side") in response.content.decode()
