"""The header's links depend on who is signed in."""

from django.urls import reverse

ENGLISH = {"Accept-Language": "en"}


def test_it_shows_the_audit_log_only_to_the_privacy_officer(world, staff_client):
    audit = reverse("audit:events")

    assert audit in staff_client(world.privacy_officer).get("/").content.decode()
    assert audit not in staff_client(world.director).get("/").content.decode()


def test_it_marks_the_current_page(world, staff_client):
    html = staff_client(world.teacher).get("/").content.decode()

    assert f'href="{reverse("web:home")}" aria-current="page"' in html


def test_it_offers_sign_out_to_signed_in_people(world, staff_client, parent_client):
    logout = f'action="{reverse("accounts:logout")}"'

    assert logout in staff_client(world.teacher).get("/").content.decode()
    assert logout in parent_client(world.parent).get(reverse("portal:home")).content.decode()


def test_it_gives_parents_their_portal_and_no_staff_links(world, parent_client):
    html = parent_client(world.parent).get(reverse("portal:home"), headers=ENGLISH).content.decode()

    assert "My children" in html
    assert reverse("audit:events") not in html


def test_it_has_a_skip_link_to_the_main_content(world, staff_client):
    html = staff_client(world.teacher).get("/").content.decode()

    assert 'href="#main"' in html
    assert '<main id="main"' in html
