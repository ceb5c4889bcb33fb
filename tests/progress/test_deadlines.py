"""Monthly deadlines in Chilean working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from datamuni.errors import ProgressError
from datamuni.progress import due_date, expected_period, is_on_time, is_working_day, working_days
from datamuni.progress.deadlines import next_period, previous_period


def test_fiestas_patrias_are_not_working_days() -> None:
    assert not is_working_day(date(2025, 9, 18))
    assert not is_working_day(date(2025, 9, 19))
    assert working_days(date(2025, 9, 15), date(2025, 9, 21)) == [
        date(2025, 9, 15),
        date(2025, 9, 16),
        date(2025, 9, 17),
    ]


def test_weekends_are_not_working_days() -> None:
    assert working_days(date(2025, 3, 1), date(2025, 3, 2)) == []
    assert is_working_day(date(2025, 3, 3))


def test_month_starting_on_a_weekend() -> None:
    # March 2025 starts on Saturday: working days 3–7 and 10–14.
    assert due_date("2025-02") == date(2025, 3, 14)
    # June 2024 starts on Saturday as well.
    assert due_date("2024-05") == date(2024, 6, 14)


def test_holiday_in_the_first_ten_days_moves_the_deadline() -> None:
    # November 2024: the 1st (All Saints, Friday) is a holiday, so the 10th working day is the 15th.
    assert due_date("2024-10") == date(2024, 11, 15)
    # January 2025: New Year (Wednesday) off, 2–3, 6–10, 13–15.
    assert due_date("2024-12") == date(2025, 1, 15)
    # Without holidays: September 2025 starts on Monday.
    assert due_date("2025-08") == date(2025, 9, 12)


def test_september_data_due_after_fiestas_patrias() -> None:
    # October 2025: 1–3, 6–10, 13–14 (the 12th is a Sunday holiday).
    assert due_date("2025-09") == date(2025, 10, 14)
    assert len(working_days(date(2025, 10, 1), due_date("2025-09"))) == 10


def test_on_time_is_decided_in_chile_time() -> None:
    assert is_on_time("2025-08", date(2025, 9, 12))
    assert not is_on_time("2025-08", date(2025, 9, 15))
    # 02:00 UTC on the 13th is still the 12th in Santiago (UTC−3 in September).
    assert is_on_time("2025-08", datetime(2025, 9, 13, 2, 0, tzinfo=UTC))
    assert not is_on_time("2025-08", datetime(2025, 9, 13, 5, 0, tzinfo=UTC))


def test_expected_period_changes_the_day_after_the_deadline() -> None:
    assert expected_period(date(2025, 9, 12)) == "2025-07"
    assert expected_period(date(2025, 9, 13)) == "2025-08"
    assert expected_period(date(2025, 1, 10)) == "2024-11"
    assert expected_period(date(2025, 1, 16)) == "2024-12"


def test_period_arithmetic_and_errors() -> None:
    assert next_period("2024-12") == "2025-01"
    assert previous_period("2025-01") == "2024-12"
    with pytest.raises(ProgressError, match="AAAA-MM"):
        due_date("2025-13")


def test_annual_periods_count_as_december() -> None:
    from datamuni.progress.deadlines import is_annual, parse_period

    assert parse_period("2024") == (2024, 12)
    assert is_annual("2024") and not is_annual("2024-12")
    assert due_date("2024") == due_date("2024-12")


def test_annual_kind_is_judged_against_its_year() -> None:
    from datamuni.progress.state import _due_for

    assert _due_for("2024", "2026-10") == "2025"
    assert _due_for("2026", "2026-12") == "2026"
    assert _due_for("2026-09", "2026-10") == "2026-10"
