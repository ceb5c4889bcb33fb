"""Number cells: the whole-column cast gives exactly what matching each cell gives."""

from __future__ import annotations

import math
import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from datamuni.catalog import FieldSpec, ProtectionSpec
from datamuni.sources.bytescan import only_bytes
from datamuni.validation.parsing import _NUMBER, parse_column

AMOUNT = FieldSpec("monto", "Monto", "", "number", None, {}, (), ProtectionSpec("publicar"))
MISSING = ("", "-", "No aplica")
cells = st.one_of(
    st.text(alphabet="0123456789+-.eE", max_size=8),
    st.sampled_from(["12", "3088479.0", "-0.5", "1e999", "N/A", " 1", "nan", "inf", "No aplica"]),
    st.none(),
)


def _expected(text: str | None) -> tuple[float | None, bool]:
    if text is None or text in MISSING:
        return None, False
    if re.fullmatch(_NUMBER.strip("^$"), text):
        return float(text), False
    return None, True


@settings(max_examples=400, deadline=None)
@given(st.lists(cells, max_size=12))
def test_number_cells_as_each_cell_would_read(values: list[str | None]) -> None:
    parsed = parse_column(pa.array(values, pa.string()), AMOUNT, MISSING)
    for text, typed, bad in zip(
        values, parsed.typed.to_pylist(), parsed.type_error.to_pylist(), strict=True
    ):
        number, error = _expected(text)
        assert bad == error, text
        assert typed == number or (typed is not None and math.isinf(typed) and number == typed)


def test_only_bytes() -> None:
    column = pa.array(["12.5", None, "", "-3e4"], pa.string())
    assert only_bytes(column, b"0123456789.-e")
    assert not only_bytes(column, b"0123456789.")
    assert only_bytes(column.slice(1, 2), b"")  # nulls and empty cells hold no byte
    assert not only_bytes(pa.array(["1", "x"]).slice(1), b"0123456789")
