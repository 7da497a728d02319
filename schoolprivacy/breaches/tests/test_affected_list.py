"""The privacy officer's list of the pupils an incident concerns (names, school, group), paged,
and as CSV for the letters; 404 for everyone else, another board's officer included."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.services import breach_report
from schoolprivacy.breaches.views import affected
from schoolprivacy.conftest import World
from schoolprivacy.testing import factories


def _breach(world: World) -> Breach:
    return breach_report(
        actor=world.teacher,
        aware_at=timezone.now(),
        description="Overzicht van de groep naar de verkeerde ouder gemaild.",
        systems=["OSO"],
    )


def test_the_officer_sees_who_is_concerned_with_school_and_group(registered: World, staff_client):
    w = registered
    breach = _breach(w)
    text = staff_client(w.privacy_officer).get(reverse("breaches:affected", args=[breach.pk]))
    page = text.content.decode()
    for name in ("Sanne Jansen", "Daan Bakker", "Noor Visser", "Groep 5a", "2B", "Het Lyceum"):
        assert name in page
    detail = staff_client(w.privacy_officer).get(reverse("breaches:detail", args=[breach.pk]))
    assert reverse("breaches:affected", args=[breach.pk]) in detail.content.decode()


def test_the_list_is_paged(registered: World, staff_client, monkeypatch: pytest.MonkeyPatch):
    w = registered
    monkeypatch.setattr(affected, "PAGE_SIZE", 2)
    url = reverse("breaches:affected", args=[_breach(registered).pk])
    client = staff_client(w.privacy_officer)
    first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    # By school, then name: De Regenboog (Bakker, Jansen), then Het Lyceum (Visser).
    assert "Daan Bakker" in first and "Sanne Jansen" in first and "Noor Visser" not in first
    assert "Noor Visser" in second and "Sanne Jansen" not in second


def test_the_csv_lists_them_safely_and_the_download_is_audited(registered: World, staff_client):
    w = registered
    w.pupil_b.first_name = "=HYPERLINK(1)"
    w.pupil_b.save(update_fields=["first_name"])
    breach = _breach(w)
    response = staff_client(w.privacy_officer).get(
        reverse("breaches:affected_csv", args=[breach.pk])
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1:] == [
        ["Daan", "", "Bakker", "De Regenboog", "Groep 7"],
        ["Sanne", "", "Jansen", "De Regenboog", "Groep 5a"],
        ["'=HYPERLINK(1)", "", "Visser", "Het Lyceum", "2B"],
    ]
    event = AuditEvent.objects.get(action="breaches.affected_pupils.exported")
    assert event.context == {"count": 3}


def test_nobody_else_sees_the_list(registered: World, staff_client):
    w = registered
    breach = _breach(w)
    elsewhere = factories.make_board(name="Stichting Anders")
    officer = factories.make_staff(board=elsewhere, username="fg.anders")
    factories.assign(officer, Role.PRIVACY_OFFICER)
    for user in (w.teacher, w.director, w.care_coordinator, w.other_board_staff, officer.user):
        client = staff_client(user)
        for name in ("breaches:affected", "breaches:affected_csv"):
            assert client.get(reverse(name, args=[breach.pk])).status_code == 404, (user, name)
    client = staff_client(w.privacy_officer)
    assert client.get(reverse("breaches:affected", args=[10**12])).status_code == 404
