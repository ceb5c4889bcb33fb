"""The polars `normalize_number` gives exactly what the previous Arrow (RE2) version gave."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from datamuni.sources.bytescan import byte_table, rows_containing, rows_starting_with
from datamuni.sources.numbers import _plain_decimal_comma, normalize_number

_MONEY_NOISE = r"[$\s\x{00A0}]|CLP"
_THOUSANDS_DOTS = r"^-?\d{1,3}(\.\d{3})+(,\d+)?$"
_DECIMAL_COMMA = r"^-?\d+(,\d+)?$"
_THOUSANDS_COMMAS = r"^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$"
_DECIMAL_POINT = r"^-?\d+(\.\d+)?$"
_MONEY_NOISE_BYTES = byte_table(b"$\t\n\f\r \xa0C")
_DOT, _COMMA, _MINUS = byte_table(b"."), byte_table(b","), byte_table(b"-")


def _matches(values: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(values, pattern), False)


def reference_normalize_number(values: pa.Array, integer: bool = False) -> pa.Array:
    """The previous Arrow implementation (commit 14b9b2d), kept as the reference."""
    bare = values
    if rows_containing(values, _MONEY_NOISE_BYTES).any():
        bare = pc.replace_substring_regex(values, _MONEY_NOISE, "")
    nothing = pa.array(np.zeros(len(values), np.bool_))
    dotted = rows_containing(bare, _DOT).any()
    commas_found = rows_containing(bare, _COMMA).any()
    thousands_dots = _matches(bare, _THOUSANDS_DOTS) if dotted else nothing
    thousands_commas = _matches(bare, _THOUSANDS_COMMAS) if commas_found else nothing
    decimal_point = _matches(bare, _DECIMAL_POINT) if dotted else nothing
    dots = pc.replace_substring(pc.replace_substring(bare, ".", ""), ",", ".") if dotted else bare
    comma = pc.replace_substring(bare, ",", ".") if commas_found else bare
    commas = pc.replace_substring(bare, ",", "") if commas_found else bare
    result = pc.case_when(
        pc.make_struct(
            thousands_dots, _matches(bare, _DECIMAL_COMMA), thousands_commas, decimal_point
        ),
        dots,
        comma,
        commas,
        bare,
        values,
    )
    if integer and rows_containing(result, _DOT).any():
        result = pc.replace_substring_regex(result, r"^(-?\d+)\.0+$", r"\1")
    if not rows_starting_with(result, _MINUS).any():
        return result
    return pc.replace_substring_regex(result, r"^-(0+(?:\.0*)?)$", r"\1")


DIGITS = ["0", "00", "1", "5", "12", "123", "999", "1000", "1.200.000", "3088479,0", "-0", "-0,00"]
MARKS = [".", ".", ",", ",", "-", "$", " ", "$ ", "\u00a0", "\t", "\n", "\x0b", "CLP", "CL", "C"]
OTHERS = ["e", "a", ".000", ",000", ",0", ".0", "\u0663", "\u2003", "\u00bd", ":", "+"]
PIECES = st.sampled_from([*DIGITS, *MARKS, *OTHERS])
CELLS = st.one_of(
    st.none(),
    st.lists(PIECES, max_size=7).map("".join),
    st.text(alphabet="0123456789.,-$ C", max_size=14),
    st.text(max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(cells=st.lists(CELLS, max_size=12), integer=st.booleans(), large=st.booleans())
def test_same_result_as_the_arrow_version(
    cells: list[str | None], integer: bool, large: bool
) -> None:
    values = pa.array(cells, pa.large_string() if large else pa.string())
    expected = reference_normalize_number(values, integer=integer)
    got = normalize_number(values, integer=integer)
    assert got.type == values.type
    assert got.to_pylist() == expected.to_pylist()


def test_readings_of_chilean_numbers() -> None:
    cells = ["$ 1.200.000", "3088479,0", "-5", "1,234,567.5", "-0,00", "CLP 12", "12 horas", None]
    got = normalize_number(pa.array(cells)).to_pylist()
    assert got == ["1200000", "3088479.0", "-5", "1234567.5", "0.00", "12", "12 horas", None]
    assert normalize_number(pa.array(["1.000,00", "-0.0", "7,50"]), integer=True).to_pylist() == [
        "1000",
        "0",
        "7.50",
    ]


def test_sliced_input_keeps_its_rows() -> None:
    values = pa.array(["1.000", "x", "2,5", "-0"]).slice(1, 3)
    assert normalize_number(values).to_pylist() == ["x", "2.5", "0"]


AMOUNTS = st.one_of(
    st.none(), st.text(alphabet="0123456789,-", max_size=8), st.sampled_from(DIGITS)
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(AMOUNTS, max_size=12))
def test_plain_amounts_take_the_arrow_path_with_the_same_result(cells: list[str | None]) -> None:
    values = pa.array(cells, pa.string())
    got = normalize_number(values)
    assert got.type == values.type
    assert got.to_pylist() == reference_normalize_number(values).to_pylist()


def test_cplt_amounts_skip_polars() -> None:
    values = pa.array(["663623,0", "-0,0", None, "0,0", "12", "-5,25"])
    plain = _plain_decimal_comma(values)
    assert plain is not None
    assert plain.to_pylist() == ["663623.0", "0.0", None, "0.0", "12", "-5.25"]
    assert _plain_decimal_comma(pa.array(["1,2,3", "4"])) is None  # not one reading: polars
    assert _plain_decimal_comma(pa.array(["N/A", "4"])) is None
