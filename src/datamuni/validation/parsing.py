"""Columnar parsing of normalized text into typed arrays, with the cells that do not parse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.calendar_days import real_dates
from datamuni.catalog import FieldSpec
from datamuni.sources.bytescan import only_bytes

_INTEGER = r"^[+-]?\d{1,18}$"
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_NUMBER_BYTES = b"0123456789+-.eE"
_YEAR = r"^\d{4}$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}$"
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
PARSED_TYPES = frozenset({"integer", "number", "year", "date", "datetime", "boolean"})


class ParsedColumn:
    """A column read as its schema type: the typed values, which cells are missing or bad."""

    __slots__ = ("_spread", "_typed", "missing", "text", "type_error")

    def __init__(
        self,
        text: pa.Array,
        typed: pa.Array,
        missing: pa.Array,
        type_error: pa.Array,
        *,
        spread: Callable[[pa.Array], pa.Array] | None = None,
    ) -> None:
        self.text = text
        self.missing = missing
        """True where the cell is empty (null, "" or a declared missing value)."""
        self.type_error = type_error
        """True where the cell has a value that does not parse as the field type."""
        self._typed = typed
        self._spread = spread

    @property
    def typed(self) -> pa.Array:
        """The typed values cell by cell; given per distinct value, spread on first use only.

        The schema checks read the distinct values; only the suite reads the cells, and only
        of the columns its expectations name (~0.3 s of `take` per million rows saved).
        """
        if self._spread is not None:
            self._typed, self._spread = self._spread(self._typed), None
        return self._typed


def missing_mask(text: pa.Array, missing_values: tuple[str, ...]) -> pa.Array:
    """True where the cell counts as empty."""
    values = pa.array(sorted({"", *missing_values}), pa.string())
    return pc.or_(pc.is_null(text), pc.fill_null(pc.is_in(text, value_set=values), False))


def _checked(text: pa.Array, present: pa.Array, pattern: str) -> tuple[pa.Array, pa.Array]:
    """Cells matching `pattern` (as text) and type errors among the present ones."""
    ok = pc.fill_null(pc.match_substring_regex(text, pattern), False)
    return ok, pc.and_(present, pc.invert(ok))


def _date_round_trip(
    text: pa.Array, ok: pa.Array, fmt: str, unit: str
) -> tuple[pa.Array, pa.Array]:
    """Parse dates and reject impossible ones (2026-02-30) by formatting them back."""
    candidate = pc.if_else(ok, text, pa.scalar(None, pa.string()))
    stamps = pc.strptime(candidate, format=fmt, unit=unit, error_is_null=True)
    same = pc.fill_null(pc.equal(pc.strftime(stamps, format=fmt), candidate), False)
    ok = pc.and_(ok, same)
    return pc.if_else(ok, stamps, pa.scalar(None, stamps.type)), ok


def _numbers(text: pa.Array, present: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Number cells as float64, and the present cells that are not numbers.

    Arrow's cast reads exactly `_NUMBER` on cells of digits, signs, dots and exponents (tested),
    so a column made only of those bytes is cast at once; otherwise each cell is matched.
    """
    shaped = text if pc.sum(present).as_py() == len(text) - text.null_count else None
    if shaped is None:
        shaped = pc.if_else(present, text, pa.scalar(None, pa.string()))
    if only_bytes(shaped, _NUMBER_BYTES):
        try:
            return pc.cast(shaped, pa.float64()), pc.and_(present, pa.scalar(False))
        except pa.ArrowInvalid:
            pass  # some cell is not a number: find which below
    ok, bad = _checked(text, present, _NUMBER)
    return pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64()), bad


def _iso_dates(text: pa.Array, present: pa.Array) -> tuple[pa.Array, pa.Array]:
    """`yyyy-mm-dd` cells that are real dates, as date32, and which cells they are.

    The calendar is checked on the digits (a round trip through strptime and strftime costs
    several times more), so the cast that follows only ever sees real dates.
    """
    ok, _ = _checked(text, present, _DATE)
    shaped = pc.if_else(ok, text, pa.scalar(None, pa.string()))
    year, month, day = (
        pc.cast(pc.utf8_slice_codeunits(shaped, start, stop), pa.int32())
        for start, stop in ((0, 4), (5, 7), (8, 10))
    )
    ok = pc.fill_null(real_dates(year, month, day), False)
    return pc.cast(pc.if_else(ok, shaped, pa.scalar(None, pa.string())), pa.date32()), ok


def parse_column(text: pa.Array, spec: FieldSpec, missing_values: tuple[str, ...]) -> ParsedColumn:
    """Read a normalized text column as the field's type (null where missing or invalid)."""
    if text.type != pa.string():
        text = pc.cast(text, pa.string())
    missing = missing_mask(text, missing_values)
    present = pc.invert(missing)
    kind = spec.type
    typed: Any
    if kind in ("integer", "year"):
        ok, bad = _checked(text, present, _YEAR if kind == "year" else _INTEGER)
        typed = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.int64())
    elif kind == "number":
        typed, bad = _numbers(text, present)
    elif kind == "date":
        typed, ok = _iso_dates(text, present)
        bad = pc.and_(present, pc.invert(ok))
    elif kind == "datetime":
        candidate = pc.replace_substring(text, " ", "T")
        ok, _ = _checked(candidate, present, _DATETIME)
        typed, ok = _date_round_trip(candidate, ok, "%Y-%m-%dT%H:%M:%S", "s")
        bad = pc.and_(present, pc.invert(ok))
    elif kind == "boolean":
        trues = pa.array(list(spec.extras.get("trueValues", DEFAULT_TRUE)), pa.string())
        falses = pa.array(list(spec.extras.get("falseValues", DEFAULT_FALSE)), pa.string())
        is_true = pc.fill_null(pc.is_in(text, value_set=trues), False)
        is_false = pc.fill_null(pc.is_in(text, value_set=falses), False)
        bad = pc.and_(present, pc.invert(pc.or_(is_true, is_false)))
        typed = pc.if_else(is_true, True, pc.if_else(is_false, False, pa.scalar(None, pa.bool_())))
    else:
        bad = pc.and_(present, pa.scalar(False))
        typed = pc.if_else(present, text, pa.scalar(None, pa.string()))
    return ParsedColumn(text=text, typed=typed, missing=missing, type_error=bad)


def typed_scalar(value: Any, spec: FieldSpec) -> pa.Scalar:
    """A constraint value (YAML) as a scalar of the field's typed array."""
    if spec.type in ("integer", "year"):
        return pa.scalar(int(value), pa.int64())
    if spec.type == "number":
        return pa.scalar(float(value), pa.float64())
    if spec.type == "date":
        return pc.cast(pc.strptime(pa.scalar(str(value)), format="%Y-%m-%d", unit="s"), pa.date32())
    if spec.type == "datetime":
        return pc.strptime(
            pa.scalar(str(value).replace(" ", "T")), format="%Y-%m-%dT%H:%M:%S", unit="s"
        )
    if spec.type == "boolean":
        return pa.scalar(bool(value), pa.bool_())
    return pa.scalar(str(value), pa.string())
