"""The annual report's figures for incidents: counts of the year, with timeliness."""

from datetime import UTC, datetime, timedelta

from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.report import annual_figures as breach_figures
from schoolprivacy.conftest import World


def test_incidents_of_the_year_with_timeliness(world: World):
    aware = datetime(2026, 3, 27, 15, 30, tzinfo=UTC)
    Breach.objects.create(
        board=world.board,
        reporter_kind="staff",
        aware_at=aware,
        description="x",
        risk="risk",
        ap_notified_at=aware + timedelta(hours=71),
    )
    Breach.objects.create(
        board=world.board,
        reporter_kind="staff",
        aware_at=aware,
        description="y",
        risk="high",
        ap_notified_at=aware + timedelta(hours=80),
    )
    Breach.objects.create(
        board=world.board,
        reporter_kind="staff",
        aware_at=aware.replace(year=2025),
        description="z",
    )
    figures = dict(
        breach_figures(world.board.pk, datetime(2026, 1, 1).date(), datetime(2026, 12, 31).date())
    )
    assert list(figures.values()) == ["2", "0", "1", "2", "1", "0", "2"]
