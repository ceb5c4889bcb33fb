"""What cleaning notes about cells: placeholders for "no value" and spreadsheet formulas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datamuni.sources.bytescan import ByteMask, Leading, byte_table, first_bytes, starting_with

FORMULA_PATTERN = r"^[=@\t\r]|^[+-].*[A-Za-z(!|]"
"""Cells a spreadsheet would run as a formula (CSV injection), e.g. `=HYPERLINK(...)`."""
Weights = Callable[[], npt.NDArray[np.int64]]
"""Cells holding each of a column's distinct values, counted only when a note needs them."""
_FORMULA_FIRST = byte_table(b"=@\t\r+-")
"""Every `FORMULA_PATTERN` match starts with one of these."""


def blank_placeholders(
    values: pa.Array,
    placeholders: pa.Array,
    weights: Weights | None = None,
    *,
    leading: Leading | None = None,
    openers: ByteMask | None = None,
) -> tuple[pa.Array, Counter[str]]:
    """Placeholders (case-insensitive) -> null, with how many of each text as written.

    `weights` (cells per value) are given when `values` are a column's distinct values;
    `leading` (`first_bytes(values)`) and `openers` (`placeholder_openers(placeholders)`) when
    the caller already has them (normalization: every column of every batch).
    """
    if len(placeholders) == 0:
        return values, Counter()
    openers = placeholder_openers(placeholders) if openers is None else openers
    leading = first_bytes(values) if leading is None else leading
    if not starting_with(leading, openers).any():
        return values, Counter()
    hit = pc.fill_null(pc.is_in(pc.utf8_lower(values), value_set=placeholders), False)
    counts: Counter[str] = Counter()
    if pc.any(hit).as_py():
        if weights is None:
            for item in pc.value_counts(pc.filter(values, hit)).to_pylist():
                counts[item["values"]] += item["counts"]
        else:
            chosen = np.flatnonzero(np.asarray(hit.to_numpy(zero_copy_only=False), np.bool_))
            cells = weights()
            for position in chosen:
                counts[values[int(position)].as_py()] += int(cells[position])
        values = pc.if_else(hit, pa.scalar(None, pa.string()), values)
    return values, counts


LOWERING_TO_ASCII = "\u0130\u212a"
"""The only non-ASCII characters whose lower case starts with an ASCII letter (`İ`, Kelvin `K`)."""


def placeholder_openers(placeholders: pa.Array) -> ByteMask:
    """First bytes of every cell that can lower-case to one of `placeholders` (lower case)."""
    firsts = {text[0] for text in placeholders.to_pylist() if text}
    variants = {c for first in firsts for c in (first, first.upper())}
    variants |= {c for c in LOWERING_TO_ASCII if c.lower()[0] in firsts}
    return byte_table(bytes(c.encode("utf-8")[0] for c in variants))


def formula_cells(text: pa.Array, leading: Leading | None = None) -> pa.Array:
    """Cells matching `FORMULA_PATTERN`; the regex runs only when some cell could start one."""
    leading = first_bytes(text) if leading is None else leading
    if not starting_with(leading, _FORMULA_FIRST).any():
        return pa.array(np.zeros(len(text), np.bool_))
    return pc.fill_null(pc.match_substring_regex(text, FORMULA_PATTERN), False)


def count_formulas(
    values: pa.Array, weights: Weights | None = None, *, leading: Leading | None = None
) -> int:
    """Cells that start like a spreadsheet formula (never evaluated; validation flags them)."""
    matched = formula_cells(values, leading)
    if weights is None:
        return int(pc.sum(matched).as_py() or 0)
    if not pc.any(matched).as_py():
        return 0
    return int(weights()[np.asarray(matched.to_numpy(zero_copy_only=False), np.bool_)].sum())
