"""The annual privacy report: live counts for the board and the (G)MR, a page and a PDF, for the
privacy officer only; what is not built yet is said to be not recorded."""

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.emergency_review import break_glass_review
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.audit.services import audit_record
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.web.annual_report import annual_report

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def year_of_data(world):
    purposes_install_defaults(board=world.board, actor_id=None)
    website = Purpose.objects.get(board=world.board, key="website")
    consent_decide(
        actor=world.parent,
        pupil=world.pupil_a,
        purpose=website,
        decision="granted",
        by_guardian=world.parent.guardian,
        method=Method.PORTAL,
    )
    access = break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Leerling onwel")
    break_glass_review(user=world.privacy_officer, access=access, outcome="justified")
    break_glass_open(user=world.teacher, pupil=world.pupil_a, reason="Leerling weer onwel")
    audit_record(
        action="photos.photos.purged",
        board_id=world.board.pk,
        actor_id=None,
        context={"count": 7, "rule": "photos.year"},
        channel="command",
    )
    return website


def test_it_counts_from_live_state(world, year_of_data):
    report = annual_report(world.board, timezone.localdate().year)
    row = next(r for r in report.consents if r.purpose == year_of_data.name)
    assert row.counts["granted"] == 1
    # Every current pupil of a school the purpose applies to is counted once.
    assert row.total >= 1
    assert report.emergency_total == 2
    outcomes = dict(report.emergency_by_outcome)
    assert sum(outcomes.values()) == 2
    assert sum(report.emergency_by_month) == 2
    assert report.photos_purged == 7


def test_another_year_counts_nothing_of_this_one(world, year_of_data):
    report = annual_report(world.board, timezone.localdate().year - 1)
    assert report.emergency_total == 0
    assert report.photos_purged == 0


def test_the_page_has_a_chart_and_every_part(world, staff_client, year_of_data):
    html = (
        staff_client(world.privacy_officer)
        .get(reverse("web:annual_report"), headers=ENGLISH)
        .content.decode()
    )
    assert '<svg class="chart" role="img"' in html
    assert "Emergency accesses per month" in html
    # Requests, incidents, agreements, disclosures and purges come from their apps' report.py.
    assert "Incidents and data breaches" in html
    assert "Requests received" in html
    assert "Purge runs" in html
    assert "Jansen" not in html  # counts, never names


def test_the_pdf_is_a_pdf(world, staff_client, year_of_data):
    response = staff_client(world.privacy_officer).get(reverse("web:annual_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "persona", ["director", "teacher", "care_coordinator", "other_board_staff"]
)
def test_everyone_else_gets_a_404(world, staff_client, persona):
    client = staff_client(getattr(world, persona))
    assert client.get(reverse("web:annual_report")).status_code == 404
    assert client.get(reverse("web:annual_report_pdf")).status_code == 404


def test_a_year_out_of_range_is_a_404(world, staff_client):
    client = staff_client(world.privacy_officer)
    assert client.get(reverse("web:annual_report"), {"jaar": "1999"}).status_code == 404
    assert client.get(reverse("web:annual_report"), {"jaar": "x"}).status_code == 404
