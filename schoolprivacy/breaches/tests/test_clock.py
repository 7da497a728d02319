"""The 72-hour clock (GDPR art. 33(1)): elapsed hours from awareness, nights and weekends
included, across the daylight-saving changes of Europe/Amsterdam."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schoolprivacy.breaches.clock import is_overdue, notify_by

AMS = ZoneInfo("Europe/Amsterdam")


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two moments (subtracting two datetimes of one zone gives wall time)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def test_a_weekend_does_not_stop_the_clock():
    friday = datetime(2026, 11, 13, 16, 30, tzinfo=AMS)
    deadline = notify_by(friday)
    assert deadline == datetime(2026, 11, 16, 16, 30, tzinfo=AMS)  # Monday, same time
    assert deadline.strftime("%A %H:%M") == "Monday 16:30"


def test_across_the_spring_change_the_local_time_moves_an_hour_later():
    # Summer time starts on Sunday 29 March 2026 at 02:00 (clocks go to 03:00).
    saturday = datetime(2026, 3, 28, 10, 0, tzinfo=AMS)
    deadline = notify_by(saturday)
    assert elapsed(saturday, deadline) == timedelta(hours=72)
    assert (deadline.day, deadline.hour, deadline.utcoffset()) == (31, 11, timedelta(hours=2))


def test_across_the_autumn_change_the_local_time_moves_an_hour_earlier():
    # Winter time starts on Sunday 25 October 2026 at 03:00 (clocks go back to 02:00).
    friday = datetime(2026, 10, 23, 18, 0, tzinfo=AMS)
    deadline = notify_by(friday)
    assert elapsed(friday, deadline) == timedelta(hours=72)
    assert (deadline.weekday(), deadline.hour) == (0, 17)  # Monday 17:00 local, not 18:00
    assert deadline.utcoffset() == timedelta(hours=1)


def test_awareness_given_in_another_zone_is_the_same_moment():
    utc = datetime(2026, 3, 28, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert notify_by(utc) == notify_by(datetime(2026, 3, 28, 10, 0, tzinfo=AMS))
    assert notify_by(utc).tzinfo is not None


def test_overdue_after_72_hours_not_before():
    aware = datetime(2026, 3, 28, 10, 0, tzinfo=AMS)  # across the spring change
    real = aware.astimezone(UTC)
    assert not is_overdue(aware, now=real + timedelta(hours=71, minutes=59))
    assert is_overdue(aware, now=real + timedelta(hours=72, minutes=1))


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        notify_by(datetime(2026, 3, 28, 10, 0))
