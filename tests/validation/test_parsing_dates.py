"""Date cells are read as Python's calendar reads them (leap years, month lengths, year 1 on)."""

from __future__ import annotations

import datetime

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.calendar_days import real_dates
from datamuni.catalog import FieldSpec, ProtectionSpec
from datamuni.validation.parsing import parse_column

DATE = FieldSpec("fecha", "Fecha", "", "date", None, {}, (), ProtectionSpec("publicar"))


def _python_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def test_every_day_month_and_edge_year_matches_python() -> None:
    cells = [
        f"{year:04d}-{month:02d}-{day:02d}"
        for year in (0, 1, 4, 100, 1582, 1900, 1969, 2000, 2023, 2024, 2100, 9999)
        for month in range(14)
        for day in range(33)
    ]
    cells += ["2023-1-01", "23-01-01", "2023-01-01T00:00:00", "２０２３-01-01", "x", "", None]
    parsed = parse_column(pa.array(cells, pa.string()), DATE, ())
    days = pc.cast(parsed.typed, pa.int32()).to_pylist()  # year 0 would not fit a Python date
    epoch = datetime.date(1970, 1, 1)
    for text, day, bad in zip(cells, days, parsed.type_error.to_pylist(), strict=True):
        expected = _python_date(text) if text and len(text) == 10 and text.isascii() else None
        assert bad == (bool(text) and expected is None), text
        assert day == (None if expected is None else (expected - epoch).days), text


def test_real_dates_keeps_nulls() -> None:
    numbers = [pa.array(values, pa.int32()) for values in ([2024, None], [2, 2], [29, 29])]
    assert real_dates(*numbers).to_pylist() == [True, None]
