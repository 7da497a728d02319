"""Consent rounds on a page (issue 19): the privacy officer starts a round, sees how many pupils
answered per group, and sends its reminder once; every other role gets a 404; each change is
audited."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentRound
from schoolprivacy.consents.tests.conftest import by_portal


def _start(client, consent, **extra):
    today = timezone.localdate()
    data = {
        "name": "Toestemming dit jaar",
        "school": consent.world.school_a.pk,
        "purposes": [consent.website.pk, consent.newsletter.pk],
        "opens_on": today.isoformat(),
        "deadline": (today + timedelta(days=30)).isoformat(),
        "reminder_days_before": 7,
        **extra,
    }
    return client.post(reverse("consents:round_create"), data)


def test_the_officer_starts_a_round_and_it_is_audited(consent, staff_client):
    client = staff_client(consent.world.privacy_officer)
    response = _start(client, consent)

    consent_round = ConsentRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consents:round", args=[consent_round.pk])
    assert consent_round.board_id == consent.world.board.pk
    assert set(consent_round.purposes.all()) == {consent.website, consent.newsletter}
    event = AuditEvent.objects.get(action="consents.round.created")
    assert event.actor_id == consent.world.privacy_officer.pk
    assert "Toestemming" not in str(event.context)  # field names only, never values
    assert consent_round.name in client.get(reverse("consents:rounds")).text


def test_a_deadline_before_the_opening_is_refused(consent, staff_client):
    today = timezone.localdate()
    response = _start(
        staff_client(consent.world.privacy_officer),
        consent,
        deadline=(today - timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 200
    assert not ConsentRound.objects.exists()


def test_progress_counts_the_answers_per_group(consent, staff_client):
    client = staff_client(consent.world.privacy_officer)
    _start(client, consent)
    consent_round = ConsentRound.objects.get()
    by_portal(consent.mother, consent.world.pupil_a, consent.website, "granted")

    response = client.get(reverse("consents:round", args=[consent_round.pk]))

    rows = {row.group.pk: row for row in response.context["rows"]}
    row = rows[consent.world.group_a.pk]
    website_column = [
        p.pk for p in sorted([consent.website, consent.newsletter], key=lambda p: p.name)
    ].index(consent.website.pk)
    assert row.answered[website_column] == 1
    assert sum(row.answered) == 1
    assert consent.world.pupil_a.surname not in response.text  # numbers, no names
    assert consent.world.group_b.pk not in rows  # the round is school A's


def test_the_reminder_is_sent_once_from_the_page(
    consent, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    client = staff_client(consent.world.privacy_officer)
    _start(client, consent)
    consent_round = ConsentRound.objects.get()
    url = reverse("consents:round_remind", args=[consent_round.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)

    consent_round.refresh_from_db()
    assert consent_round.reminded_on == timezone.localdate()
    (event,) = AuditEvent.objects.filter(action="consents.round.reminded")
    assert event.actor_id == consent.world.privacy_officer.pk
    assert mailoutbox, "the parents without an answer got the reminder"


def test_every_other_role_gets_404(consent, staff_client):
    _start(staff_client(consent.world.privacy_officer), consent)
    consent_round = ConsentRound.objects.get()
    world = consent.world
    for user in (world.teacher, world.director, world.other_board_staff):
        client = staff_client(user)
        for url in (
            reverse("consents:rounds"),
            reverse("consents:round_create"),
            reverse("consents:round", args=[consent_round.pk]),
        ):
            assert client.get(url).status_code == 404, (user.username, url)
        assert (
            client.post(reverse("consents:round_remind", args=[consent_round.pk])).status_code
            == 404
        )
    consent_round.refresh_from_db()
    assert consent_round.reminded_on is None
