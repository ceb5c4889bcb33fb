"""Placeholders are blanked case-insensitively, the first-byte gate never hiding one."""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datamuni.sources.cell_notes import (
    FORMULA_PATTERN,
    LOWERING_TO_ASCII,
    blank_placeholders,
    count_formulas,
    formula_cells,
)

PLACEHOLDERS = pa.array(sorted(["indefinido", "no aplica", "-", "s/i", "kilo"]), pa.string())


def test_lowering_to_ascii_is_every_such_character() -> None:
    found = [
        chr(code)
        for code in range(0x80, sys.maxunicode + 1)
        if chr(code).lower() and chr(code).lower()[0].isascii()
    ]
    assert "".join(found) == LOWERING_TO_ASCII


def test_blanked_cells_are_those_whose_lower_case_is_a_placeholder() -> None:
    cells = [
        "Indefinido",
        "\u0130NDEFINIDO",  # Arrow lower-cases a dotted capital I to a plain `i`
        "\u212aILO",  # Kelvin sign: `k`
        "NO APLICA",
        "No aplica ",
        "-",
        "-12.5",
        "S/I",
        "Administrativo",
        None,
    ]
    values = pa.array(cells, pa.string())
    blanked, counts = blank_placeholders(values, PLACEHOLDERS)
    lowered = pc.utf8_lower(values).to_pylist()
    known = PLACEHOLDERS.to_pylist()
    expected = [None if low in known else c for c, low in zip(cells, lowered, strict=True)]
    assert blanked.to_pylist() == expected
    assert counts["\u0130NDEFINIDO"] == 1 and counts["\u212aILO"] == 1 and sum(counts.values()) == 6
    # alone in their column, the two characters still open the gate
    for cell in ("\u0130NDEFINIDO", "\u212aILO"):
        assert blank_placeholders(pa.array([cell, "12"]), PLACEHOLDERS)[0].to_pylist() == [
            None,
            "12",
        ]
    # a column no placeholder can start is returned as it came
    amounts = pa.array(["12", "3.5", None], pa.string())
    assert blank_placeholders(amounts, PLACEHOLDERS) == (amounts, {})


def test_formula_cells_equal_the_pattern_everywhere() -> None:
    cells = ["=1+1", "@SUM(A1)", "\tx", "\rx", "+A1", "-2+3", "-12.5", "Ana", "", None, " =x"]
    for column in (pa.array(cells), pa.array(cells[6:])):  # with and without candidates
        expected = pc.fill_null(pc.match_substring_regex(column, FORMULA_PATTERN), False)
        assert formula_cells(column).to_pylist() == expected.to_pylist()
    assert count_formulas(pa.array(cells)) == 5
    assert count_formulas(pa.array(["=x", "Ana"]), lambda: np.array([3, 9])) == 3
    assert count_formulas(pa.array(["x", "Ana"]), lambda: np.array([3, 9])) == 0
