"""The 72-hour clock (GDPR art. 33(1); domain.md, Breaches).

The school notifies the Autoriteit Persoonsgegevens without undue delay and, where feasible,
within 72 hours of becoming aware of the breach. Nights, weekends and public holidays count: the
deadline is 72 hours of elapsed time, not working hours. It is computed in UTC: Python adds a
timedelta to a datetime in a named zone as wall-clock time, which across a daylight-saving change
would give 71 or 73 real hours. So the local clock time of the deadline moves by an hour across
such a change, the deadline itself does not; it is shown in the board's time zone.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

NOTIFY_WITHIN = timedelta(hours=72)


def notify_by(aware_at: datetime) -> datetime:
    """The deadline for notifying the AP, in the local time zone (Europe/Amsterdam)."""
    if timezone.is_naive(aware_at):
        raise ValueError("aware_at must be timezone-aware")
    return timezone.localtime(aware_at.astimezone(UTC) + NOTIFY_WITHIN)


def time_left(aware_at: datetime, *, now: datetime | None = None) -> timedelta:
    """How long until the deadline (negative once it has passed)."""
    return notify_by(aware_at).astimezone(UTC) - (now or timezone.now()).astimezone(UTC)


def is_overdue(aware_at: datetime, *, now: datetime | None = None) -> bool:
    return time_left(aware_at, now=now) < timedelta(0)
