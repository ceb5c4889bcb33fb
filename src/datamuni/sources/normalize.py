"""Columnar normalization of text cells: placeholders, formulas, Chilean numbers, dates, codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.calendar_days import real_dates
from datamuni.sources.bytescan import byte_table, contains_byte
from datamuni.sources.numbers import normalize_number

if TYPE_CHECKING:
    from datamuni.catalog import FieldSpec


_LETTER_D = byte_table(b"dD")
"""Bytes without which `_SPANISH_DATE` (`... de ...`, lower-cased) cannot match."""
_COMBINED = r"^(?P<amount>.*?\d.*?)\s*:\s*(?P<hours>\d+(?:[.,]\d+)?)$"
_DMY = (
    r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_ISO = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$"
_SPANISH_DATE = r"^(?P<d>\d{1,2})\s+de\s+(?P<m>[a-z]+)\s+(?:de|del)\s+(?P<y>\d{4})$"
_CODE_PATTERN = re.compile(r"^\^?(?:\\d|\[0-9\])\{(\d+)\}\$?$")
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_MONTH_NAMES = pa.array([*MONTHS, "setiembre"])
_MONTH_NUMBERS = pa.array([str(number) for number in range(1, 13)] + ["9"])
TWO_DIGIT_YEAR_PIVOT = "70"
"""`dd/mm/aa`: years below this are 20aa, the rest 19aa."""


@dataclass(frozen=True)
class ColumnPlan:
    """How to normalize one column: its field spec (None for unmapped) and derived facts."""

    header: str
    spec: FieldSpec | None
    code_width: int | None = None
    hours_field: str | None = None


def plan_column(header: str, spec: FieldSpec | None) -> ColumnPlan:
    """The normalization plan of a column mapped to `spec`."""
    if spec is None:
        return ColumnPlan(header, None)
    width = spec.extras.get("code_width")
    pattern = str(spec.constraints.get("pattern", ""))
    match = _CODE_PATTERN.match(pattern)
    if width is None and match:
        width = int(match.group(1))
    if width is None and spec.name == "codigo_comuna":
        width = 5
    hours = spec.extras.get("hours_field")
    return ColumnPlan(header, spec, int(width) if width else None, str(hours) if hours else None)


def _matches(values: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(values, pattern), False)


def clean_text(values: pa.Array) -> pa.Array:
    """Trimmed text with empty cells as null."""
    trimmed = pc.utf8_trim_whitespace(values.cast(pa.string()))
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _join_date(day: pa.Array, month: pa.Array, year: pa.Array) -> pa.Array:
    """`yyyy-mm-dd` where the parts form a real calendar date, else null."""
    numbers = [pc.cast(part, pa.int32()) for part in (year, month, day)]
    valid = real_dates(*numbers)
    joined = pc.binary_join_element_wise(
        year, pc.utf8_lpad(month, 2, "0"), pc.utf8_lpad(day, 2, "0"), "-"
    )
    return pc.if_else(pc.fill_null(valid, False), joined, pa.scalar(None, pa.string()))


def normalize_date(values: pa.Array) -> pa.Array:
    """`dd/mm/aa`, `dd/mm/aaaa`, ISO and `15 de octubre de 2026` -> `2026-10-15`.

    A form no cell matches is not joined, and the Spanish form is not sought without a `d`.
    """
    readings = []
    dmy = pc.extract_regex(values, _DMY)
    if dmy.null_count < len(dmy):
        short = pc.struct_field(dmy, "y")
        century = pc.if_else(pc.less(short, TWO_DIGIT_YEAR_PIVOT), "20", "19")
        full_year = pc.if_else(
            pc.equal(pc.utf8_length(short), 2),
            pc.binary_join_element_wise(century, short, ""),
            short,
        )
        readings.append(_join_date(_part(dmy, "d"), _part(dmy, "m"), full_year))
    iso = pc.extract_regex(values, _ISO)
    if iso.null_count < len(iso):
        readings.append(_join_date(_part(iso, "d"), _part(iso, "m"), _part(iso, "y")))
    if contains_byte(values, _LETTER_D):
        spanish = pc.extract_regex(pc.utf8_lower(values), _SPANISH_DATE)
        if spanish.null_count < len(spanish):
            month_name = pc.struct_field(spanish, "m")
            month = pc.take(_MONTH_NUMBERS, pc.index_in(month_name, value_set=_MONTH_NAMES))
            readings.append(_join_date(_part(spanish, "d"), month, _part(spanish, "y")))
    return pc.coalesce(*readings, values)


def _part(parts: pa.Array, name: str) -> pa.Array:
    return pc.struct_field(parts, name)


def normalize_month(values: pa.Array) -> pa.Array:
    """Spanish month names (`Octubre`) -> `10`; other text unchanged."""
    index = pc.index_in(pc.utf8_lower(values), value_set=_MONTH_NAMES)
    return pc.coalesce(pc.take(_MONTH_NUMBERS, index), values)


def normalize_code(values: pa.Array, width: int) -> pa.Array:
    """Numeric codes as text with leading zeros (`1101` or `1101.0` -> `01101`)."""
    digits = pc.replace_substring_regex(values, r"^(\d+)\.0+$", r"\1")
    padded = pc.utf8_lpad(digits, width, "0")
    return pc.if_else(_matches(digits, r"^\d+$"), padded, values)


def split_combined(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """`$78.660 : 12` -> (`$78.660`, `12`); cells without ` : hours` keep their text."""
    parts = pc.extract_regex(values, _COMBINED)
    return pc.coalesce(_part(parts, "amount"), values), _part(parts, "hours")


def normalize_typed(values: pa.Array, plan: ColumnPlan) -> pa.Array:
    """Apply the normalization of the column's field type to clean text."""
    spec = plan.spec
    if spec is None:
        return values
    if plan.code_width is not None:
        return normalize_code(values, plan.code_width)
    if spec.name == "mes" or spec.extras.get("month"):
        values = normalize_month(values)
    if spec.type in ("number", "integer"):
        return normalize_number(values, integer=spec.type == "integer")
    if spec.type == "date":
        return normalize_date(values)
    return values
