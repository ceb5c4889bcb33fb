"""Monthly Transparencia Activa deadlines in Chilean working days (Mon–Fri minus holidays)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from datamuni.errors import ProgressError

CHILE_TZ = ZoneInfo("America/Santiago")
"""Deadlines are days in Chile's time zone."""
DEADLINE_WORKING_DAYS = 10
"""The monthly version of month M is due within the first 10 working days of M+1."""

_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    """Chilean national public holidays of one year."""
    return frozenset(holidays.country_holidays("CL", years=year).keys())


def is_working_day(day: date) -> bool:
    """True if `day` is Monday–Friday and not a Chilean public holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def working_days(start: date, end: date) -> list[date]:
    """Chilean working days from `start` to `end`, both included."""
    days: list[date] = []
    day = start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def parse_period(period: str) -> tuple[int, int]:
    """Year and month of a `YYYY-MM` period; an annual `YYYY` (SINIM data) counts as December."""
    match = _PERIOD.match(period)
    if match is None:
        raise ProgressError(
            f"Periodo `{period}` no válido.",
            "Use el formato AAAA-MM (por ejemplo `2025-08`) o AAAA para datos anuales.",
        )
    return int(match.group(1)), int(match.group(2) or 12)


def is_annual(period: str) -> bool:
    """True for an annual period (`2024`)."""
    return len(period) == 4


def next_period(period: str) -> str:
    """The period after `period` (`2024-12` → `2025-01`)."""
    year, month = parse_period(period)
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def previous_period(period: str) -> str:
    """The period before `period` (`2025-01` → `2024-12`)."""
    year, month = parse_period(period)
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def period_of(day: date) -> str:
    """The `YYYY-MM` period a day belongs to."""
    return f"{day.year}-{day.month:02d}"


def due_date(period: str) -> date:
    """Last day to publish the data of `period`: the 10th working day of the next month."""
    year, month = parse_period(next_period(period))
    day = date(year, month, 1)
    count = 0
    while True:
        if is_working_day(day):
            count += 1
            if count == DEADLINE_WORKING_DAYS:
                return day
        day += timedelta(days=1)


def local_day(moment: date | datetime) -> date:
    """The Chilean calendar day of a moment (naive datetimes are taken as UTC)."""
    if not isinstance(moment, datetime):
        return moment
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(CHILE_TZ).date()


def is_on_time(period: str, published_at: date | datetime) -> bool:
    """True if data of `period` published at `published_at` met its monthly deadline."""
    return local_day(published_at) <= due_date(period)


def expected_period(today: date) -> str:
    """The latest period whose deadline has passed on `today` (it must already be published)."""
    period = previous_period(period_of(today))
    while due_date(period) >= today:
        period = previous_period(period)
    return period
