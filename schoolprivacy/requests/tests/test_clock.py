"""The legal clock, as a table: receipt date -> last day to answer (domain.md; Reg. 1182/71)."""

from datetime import date

import pytest

from schoolprivacy.requests.clock import (
    add_months,
    days_left,
    due_on,
    dutch_public_holidays,
    easter_sunday,
    kings_day,
)

# (received on, due on, why). Every expected date was worked out by hand from a calendar.
TABLE = [
    (date(2026, 3, 10), date(2026, 4, 10), "same date next month, a Friday"),
    (date(2026, 1, 15), date(2026, 2, 16), "15 Feb 2026 is a Sunday: Monday"),
    (date(2025, 1, 31), date(2025, 2, 28), "31 January: the last day of February"),
    (date(2024, 1, 31), date(2024, 2, 29), "leap year: 29 February"),
    (date(2024, 1, 29), date(2024, 2, 29), "29 February exists in 2024"),
    (date(2028, 1, 30), date(2028, 2, 29), "leap year 2028"),
    (date(2026, 1, 31), date(2026, 3, 2), "28 Feb 2026 is a Saturday: Monday 2 March"),
    (date(2026, 3, 31), date(2026, 4, 30), "31 March: 30 April"),
    (date(2026, 2, 14), date(2026, 3, 16), "received on a Saturday; 14 March is a Saturday"),
    (date(2026, 12, 31), date(2027, 2, 1), "across the year; 31 Jan 2027 is a Sunday"),
    (date(2026, 12, 1), date(2027, 1, 4), "New Year's Day (Friday), then the weekend"),
    (date(2026, 3, 3), date(2026, 4, 3), "Good Friday is no public holiday"),
    (date(2026, 3, 6), date(2026, 4, 7), "Easter Monday 6 April 2026"),
    (date(2027, 2, 28), date(2027, 3, 30), "Easter Sunday 28 March 2027, then Easter Monday"),
    (date(2026, 3, 27), date(2026, 4, 28), "King's Day, Monday 27 April 2026"),
    (date(2026, 4, 5), date(2026, 5, 6), "5 May (Liberation Day) counts every year, also 2026"),
    (date(2026, 4, 14), date(2026, 5, 15), "Ascension Day, 14 May 2026"),
    (date(2025, 4, 29), date(2025, 5, 30), "Ascension Day, 29 May 2025"),
    (date(2026, 4, 25), date(2026, 5, 26), "Whit Monday, 25 May 2026"),
    (date(2025, 5, 9), date(2025, 6, 10), "Whit Monday, 9 June 2025"),
    (date(2026, 11, 25), date(2026, 12, 28), "Christmas (Friday), Boxing Day, Sunday"),
    (date(2025, 11, 26), date(2025, 12, 29), "Boxing Day (Friday), then the weekend"),
]


@pytest.mark.parametrize(("received", "due", "why"), TABLE, ids=[row[2] for row in TABLE])
def test_due_dates(received: date, due: date, why: str) -> None:
    assert due_on(received) == due, why


EXTENSIONS = [
    (date(2026, 1, 15), 2, date(2026, 4, 15), "three months from receipt"),
    (date(2026, 1, 31), 1, date(2026, 3, 31), "two months from 31 January"),
    (date(2026, 1, 31), 2, date(2026, 4, 30), "three months from 31 January: 30 April"),
    (date(2025, 11, 30), 2, date(2026, 3, 2), "28 Feb 2026 is a Saturday"),
    (date(2026, 2, 3), 2, date(2026, 5, 4), "3 May 2026 is a Sunday"),
]


@pytest.mark.parametrize(("received", "months", "due", "why"), EXTENSIONS)
def test_extended_due_dates(received: date, months: int, due: date, why: str) -> None:
    assert due_on(received, extension_months=months) == due, why


@pytest.mark.parametrize("months", [-1, 3])
def test_an_extension_is_at_most_two_months(months: int) -> None:
    with pytest.raises(ValueError):
        due_on(date(2026, 1, 15), extension_months=months)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() -> None:
    assert kings_day(2025) == date(2025, 4, 26)
    assert kings_day(2014) == date(2014, 4, 26)
    assert kings_day(2026) == date(2026, 4, 27)


def test_every_dutch_public_holiday_of_2026() -> None:
    assert dutch_public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 5),
        date(2026, 5, 14),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_month_arithmetic_keeps_the_date_or_takes_the_last_day() -> None:
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_days_left_counts_down_through_zero() -> None:
    assert days_left(date(2026, 2, 16), date(2026, 2, 10)) == 6
    assert days_left(date(2026, 2, 16), date(2026, 2, 16)) == 0
    assert days_left(date(2026, 2, 16), date(2026, 2, 18)) == -2
