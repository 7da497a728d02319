"""The legal clock of a rights request (GDPR art. 12(3), domain.md "Data subject requests").

Periods in the GDPR are counted under Council Regulation (EEC, Euratom) No 1182/71:

- art. 3(2)(c): a period of months ends on the day of the last month with the same date as the
  day of receipt; when that month has no such date (31 January + 1 month), on its last day;
- art. 3(4): a period ending on a Saturday, Sunday or public holiday runs to the end of the next
  working day. The public holidays are the Dutch generally recognised ones of the Algemene
  termijnenwet, art. 3 (see `dutch_public_holidays`).

GDPR art. 12(3): the answer is due one month after receipt; the period may be extended by two
further months at most, when the requester is told, with reasons, within the first month. An
extension of `n` months is counted from receipt (1 + n months), not from the adjusted first due
date, so a first period that ran past a weekend does not make the extended one longer.
"""

import calendar
from datetime import date, timedelta
from functools import cache

# GDPR art. 12(3): one month, extendable by at most two further months.
ANSWER_MONTHS = 1
MAX_EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """Regulation 1182/71 art. 3(2)(c): the same date `months` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Koningsdag: 27 April, or 26 April when the 27th is a Sunday (Wet vaststelling Koningsdag)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@cache
def dutch_public_holidays(year: int) -> frozenset[date]:
    """The generally recognised public holidays of the Algemene termijnenwet, art. 3(1).

    New Year's Day, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, King's Day,
    Liberation Day (5 May, every year: the Act names "de vijfde mei" without a lustrum rule),
    Christmas Day and Boxing Day. Good Friday is not one.
    """
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter,
            easter + timedelta(days=1),
            easter + timedelta(days=39),  # Ascension Day
            easter + timedelta(days=49),  # Whit Sunday
            easter + timedelta(days=50),  # Whit Monday
            kings_day(year),
            date(year, 5, 5),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in dutch_public_holidays(day.year)


def next_working_day_from(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it (art. 3(4))."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def due_on(received_on: date, *, extension_months: int = 0) -> date:
    """The last day to answer a request received on `received_on`.

    The day of receipt itself does not count (art. 3(1)); the month rule already starts on the
    day after it, ending on the same date of the next month.
    """
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"An extension is 0 to {MAX_EXTENSION_MONTHS} months.")
    return next_working_day_from(add_months(received_on, ANSWER_MONTHS + extension_months))


def extension_deadline(received_on: date) -> date:
    """GDPR art. 12(3): the requester must be told of an extension within the first month."""
    return due_on(received_on)


def days_left(due: date, today: date) -> int:
    """Calendar days until the due date: 0 on the day itself, negative once it has passed."""
    return (due - today).days
