"""Odd moments a reviewer tried: an awareness moment so early the clock overflowed (a 500), and
triage moments that made 'notified within 72 hours' count what never happened (told before
the school was aware, or in the future, or a time without its zone)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.report import annual_figures
from schoolprivacy.breaches.tests.test_api import _api, _report
from schoolprivacy.breaches.tests.test_register import _breach, _triage
from schoolprivacy.conftest import World


@pytest.fixture(autouse=True)
def in_english():
    """These tests read the English texts; the Dutch ones are the catalogue's business."""
    with translation.override("en"):
        yield


def test_an_awareness_before_the_gdpr_is_refused_not_a_crash(registered: World):
    client = _api(registered.teacher)
    assert _report(client, aware_at="0001-01-01T00:00:00+05:00").status_code == 422
    assert _report(client, aware_at="2017-06-01T09:00:00+02:00").status_code == 422
    assert not Breach.objects.exists()


def test_triage_moments_must_have_happened_after_awareness(registered: World):
    w = registered
    breach = _breach(w, hours_ago=5)
    before = breach.aware_at - timedelta(days=3)
    for changes in (
        {"ap_notified_at": before},
        {"subjects_informed_at": before},
        {"ap_notified_at": timezone.now() + timedelta(days=1)},
        {"ap_notified_at": timezone.now().replace(tzinfo=None)},
        {"started_at": breach.aware_at, "ended_at": breach.aware_at - timedelta(hours=1)},
    ):
        with pytest.raises(ValidationError):
            _triage(w, Breach.objects.get(pk=breach.pk), **changes)
    stored = Breach.objects.get(pk=breach.pk)
    assert stored.ap_notified_at is None and stored.subjects_informed_at is None
    # From the day of awareness in Amsterdam: five hours ago may be yesterday there.
    first, today = timezone.localdate(breach.aware_at), timezone.localdate()
    assert ("of which within 72 hours", "0") in annual_figures(w.board.pk, first, today)
    # A real notification an hour after becoming aware is recorded.
    _triage(w, stored, ap_notified_at=breach.aware_at + timedelta(hours=1))
    assert ("of which within 72 hours", "1") in annual_figures(w.board.pk, first, today)


def test_ids_past_the_database_range_are_404(registered: World, staff_client):
    client = staff_client(registered.privacy_officer)
    for name in ("breaches:detail", "breaches:affected", "breaches:affected_csv"):
        assert client.get(reverse(name, args=[2**70])).status_code == 404
    assert _api(registered.privacy_officer).get(f"/api/v1/breaches/{2**70}").status_code in (
        404,
        422,
    )
