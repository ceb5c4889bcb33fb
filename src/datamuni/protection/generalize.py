"""`generalizar`: dates → month or year, ages → bands, addresses → comuna, amounts → ranges."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import polars as pl

DEFAULT_AGE_BANDS = (0, 18, 30, 45, 60, 75)
TARGETS = ("mes", "anio", "banda_edad", "comuna", "rango")


def band_labels(bands: Sequence[float]) -> list[str]:
    """Labels of consecutive bands: `0-17`, `18-29`, …, `75+` (upper bound exclusive)."""
    labels = []
    for low, high in itertools.pairwise(bands):
        labels.append(f"{_number(low)}-{_number(high - 1)}")
    labels.append(f"{_number(bands[-1])}+")
    return labels


def _number(value: float) -> str:
    """Integral numbers without decimals."""
    return str(int(value)) if float(value).is_integer() else str(value)


def ages(series: pl.Series, today: date | None = None) -> pl.Series:
    """Ages in years: numbers as written, ISO birth dates (`1980-05-03`) as completed years."""
    text = series.cast(pl.String).str.strip_chars()
    reference = today or date.today()
    born = text.str.to_date("%Y-%m-%d", strict=False)
    month_day = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
    had_birthday = month_day <= reference.month * 100 + reference.day
    years = reference.year - born.dt.year().cast(pl.Int32) - (~had_birthday).cast(pl.Int32)
    numbers = text.cast(pl.Float64, strict=False)
    return pl.select(pl.coalesce(numbers, years.cast(pl.Float64))).to_series()


def to_bands(series: pl.Series, bands: Sequence[float]) -> pl.Series:
    """Ages or amounts → band labels; values below the first bound or not numbers → null."""
    numbers = ages(series)
    labels = band_labels(bands)
    expression = pl.lit(None, dtype=pl.String)
    for low, label in zip(bands, labels, strict=True):  # the highest bound ends up outermost
        expression = pl.when(pl.col("x") >= low).then(pl.lit(label)).otherwise(expression)
    frame = pl.DataFrame({"x": numbers})
    return frame.select(expression).to_series().alias(series.name)


def to_comuna(series: pl.Series, comuna: pl.Series | None) -> pl.Series:
    """Address → comuna: the declared comuna column if given, else the text after the last comma."""
    if comuna is not None:
        return comuna.cast(pl.String).alias(series.name)
    text = series.cast(pl.String)
    after = text.str.extract(r",\s*([^,\d]+?)\s*$", 1)
    return after.alias(series.name)


def generalize(
    series: pl.Series, params: dict[str, object], comuna: pl.Series | None = None
) -> pl.Series:
    """Apply one `generalizar` rule to a column (values that cannot be generalized → null)."""
    target = params["to"]
    text = series.cast(pl.String).str.strip_chars()
    if target == "mes":
        return text.str.extract(r"^(\d{4}-\d{2})", 1).alias(series.name)
    if target == "anio":
        return text.str.extract(r"^(\d{4})", 1).alias(series.name)
    if target == "banda_edad":
        bands = params.get("bands") or DEFAULT_AGE_BANDS
        return to_bands(text, list(bands))  # type: ignore[call-overload]
    if target == "rango":
        return to_bands(text, list(params["bands"]))  # type: ignore[call-overload]
    if target == "comuna":
        return to_comuna(series, comuna)
    raise ValueError(target)
