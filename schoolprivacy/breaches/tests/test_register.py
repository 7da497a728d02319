"""The breach register's pages and services: reporting (staff, pupil), triage by the privacy
officer, the high-risk rule, follow-ups, closing (the incident stays), letters, attention items;
404 for everyone but the privacy officer, audit without the description."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.breaches.attention import attention_items
from schoolprivacy.breaches.clock import notify_by
from schoolprivacy.breaches.letters import letter
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.services import (
    TRIAGE_FIELDS,
    breach_close,
    breach_report,
    breach_triage,
    follow_up_add,
    follow_up_done,
)
from schoolprivacy.conftest import World
from schoolprivacy.testing import factories

SECRET = "Sanne Jansen haar dyslexieverklaring lag op de kopieerapparaat"


def _breach(world: World, hours_ago: int = 5) -> Breach:
    return breach_report(
        actor=world.teacher,
        aware_at=timezone.now() - timedelta(hours=hours_ago),
        description=SECRET,
        systems=["ParnasSys"],
    )


def _triage(world: World, breach: Breach, **changes: object) -> Breach:
    values = {name: getattr(breach, name) for name in TRIAGE_FIELDS}
    return breach_triage(actor=world.privacy_officer, breach=breach, changes={**values, **changes})


def test_the_report_is_audited_without_the_description(registered: World):
    _breach(registered)
    event = AuditEvent.objects.get(action="breaches.breach.reported")
    stored = json.dumps([event.context, event.fields])
    assert "Sanne" not in stored and "dyslexie" not in stored
    assert event.context["pupils"] == 3


def test_the_officer_triages_and_only_the_officer(registered: World):
    w = registered
    breach = _breach(w)
    with pytest.raises(PermissionDenied):
        breach_triage(actor=w.director, breach=breach, changes={"risk": "none"})
    done = _triage(w, breach, risk="risk", confidentiality=True, ap_notified_at=timezone.now())
    assert done.risk == "risk" and done.confidentiality
    event = AuditEvent.objects.get(action="breaches.breach.triaged")
    assert event.context["notified"] is True
    assert "ap_notified_at" in event.context["changed"]


def test_a_high_risk_not_told_needs_reasons(registered: World):
    w = registered
    breach = _breach(w)
    with pytest.raises(ValidationError):
        _triage(w, breach, risk="high", inform_subjects=False)
    done = _triage(
        w, breach, risk="high", inform_subjects=False, inform_reason="Versleuteld; sleutel veilig."
    )
    assert done.inform_subjects is False


def test_closing_needs_an_evaluation_and_finished_follow_ups_and_keeps_the_incident(
    registered: World,
):
    w = registered
    breach = _breach(w)
    with pytest.raises(ValidationError):
        breach_close(actor=w.privacy_officer, breach=breach)  # risk not assessed
    breach = _triage(w, breach, risk="none", not_notified_reason="Binnen een uur hersteld.")
    row = follow_up_add(actor=w.privacy_officer, breach=breach, description="Training", due_on=None)
    breach = _triage(w, breach, evaluation="Werkwijze aangepast.")
    with pytest.raises(ValidationError):
        breach_close(actor=w.privacy_officer, breach=breach)
    follow_up_done(actor=w.privacy_officer, follow_up=row)
    closed = breach_close(actor=w.privacy_officer, breach=breach)
    assert closed.status == "closed"
    assert Breach.objects.filter(pk=breach.pk).exists()
    with pytest.raises(ValidationError):
        _triage(w, closed, risk="high")


def test_the_letter_exists_in_dutch_and_english(registered: World):
    w = registered
    breach = _triage(w, _breach(w), risk="high", consequences="Anderen konden de gegevens inzien.")
    dutch, english = letter(breach, "nl"), letter(breach, "en")
    assert "Beste ouder" in dutch and "Stichting Demo" in dutch
    assert "onderwijsnummer" in dutch.lower()
    assert "Dear parent" in english and "Education number" in english
    assert "Anderen konden de gegevens inzien." in dutch
    assert SECRET not in dutch and SECRET not in english  # the internal report stays internal


def test_attention_items_show_the_clock_to_the_officer_only(registered: World):
    w = registered
    breach = _breach(w, hours_ago=80)
    items = attention_items(w.privacy_officer)
    assert [(i.kind, i.due_at, i.overdue) for i in items] == [
        ("breach", notify_by(breach.aware_at), True)
    ]
    assert attention_items(w.teacher) == []
    _triage(w, breach, risk="risk", ap_notified_at=timezone.now())
    after = attention_items(w.privacy_officer)
    assert len(after) == 1 and after[0].due_at is None


def test_staff_report_through_the_page(registered: World, staff_client):
    w = registered
    client: Client = staff_client(w.teacher)
    assert client.get("/datalekken/melden/").status_code == 200
    aware = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        "/datalekken/melden/",
        {
            "aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
            "description": "USB-stick met toetsresultaten kwijt.",
            "systems": ["ParnasSys"],
        },
    )
    assert response.status_code == 200
    breach = Breach.objects.get()
    assert breach.systems == ["ParnasSys"] and breach.reported_by == w.teacher


def test_a_pupil_reports_through_a_simple_form(registered: World):
    w = registered
    pupil = factories.make_pupil(group=w.group_b, first_name="Noa")
    pupil.user = User.objects.create_user(username="noa", kind=User.Kind.PUPIL)
    pupil.save(update_fields=["user"])
    client = Client()
    client.force_login(pupil.user)
    response = client.post(
        "/leerling/datalek-melden/", {"description": "Ik zag cijfers van anderen."}
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.reporter_kind == "pupil" and breach.board_id == w.board.pk


@pytest.mark.parametrize("persona", ["teacher", "director", "administration", "other_board_staff"])
def test_the_register_is_404_for_everyone_but_the_officer(
    registered: World, staff_client, persona: str
):
    w = registered
    breach = _breach(w)
    client = staff_client(getattr(w, persona))
    for url in (
        "/datalekken/",
        f"/datalekken/{breach.pk}/",
        f"/datalekken/{breach.pk}/brief/nl/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/datalekken/{breach.pk}/sluiten/").status_code == 404


def test_the_officer_sees_the_register_and_triages_on_the_page(registered: World, staff_client):
    w = registered
    breach = _breach(w)
    client = staff_client(w.privacy_officer)
    listing = client.get("/datalekken/").content.decode()
    assert f"/datalekken/{breach.pk}/" in listing
    page = client.get(f"/datalekken/{breach.pk}/")
    assert page.status_code == 200 and SECRET in page.content.decode()
    response = client.post(
        f"/datalekken/{breach.pk}/",
        {
            "systems": "ParnasSys\nOSO",
            "risk": "risk",
            "confidentiality": "on",
            "inform_subjects": "unknown",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    breach.refresh_from_db()
    assert breach.risk == "risk" and breach.systems == ["ParnasSys", "OSO"]
    assert client.get(f"/datalekken/{breach.pk}/brief/en/").status_code == 200


def test_the_menu_leads_staff_to_reporting_and_the_officer_to_the_register(
    registered: World, staff_client
):
    w = registered
    teacher = staff_client(w.teacher).get("/").content.decode()
    officer = staff_client(w.privacy_officer).get("/").content.decode()
    assert 'href="/datalekken/melden/"' in teacher and 'href="/datalekken/"' not in teacher
    assert 'href="/datalekken/"' in officer


def test_the_english_letter_labels_the_officers_dutch_words_as_such(registered: World):
    w = registered
    breach = _triage(
        w, _breach(w), risk="high", consequences="Anderen konden de gegevens inzien.", measures=""
    )
    english = letter(breach, "en")
    assert (
        'In our privacy officer\'s own words, in Dutch:\n"Anderen konden de gegevens inzien."'
        in (english)
    )
    assert "We took measures at once" in english  # no words of the officer: the letter's own
    assert english.count("own words") == 1
    assert "own words" not in letter(breach, "nl")
