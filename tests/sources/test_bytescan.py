"""Byte scans agree with the regexes they stand in for, on random text with nulls and slices."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.sources.bytescan import (
    byte_table,
    contains_byte,
    first_bytes,
    only_bytes,
    rows_containing,
    rows_starting_with,
    starting_with,
)

ALPHABET = ["a", "=", "-", "+", "\t", "\x07", "\x1b", "ñ", "€", "\x7f", ",", "", " ", "1"]


def _columns() -> list[pa.Array]:
    chooser = random.Random(7)
    columns = []
    for _ in range(200):
        cells = [
            None
            if chooser.random() < 0.1
            else "".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(0, 4)))
            for _ in range(chooser.randint(0, 12))
        ]
        column = pa.array(cells, pa.string())
        if len(column) > 3:
            column = column.slice(2)
        columns.append(column)
        columns.append(column.cast(pa.large_string()))
    return columns


def test_rows_starting_with_equals_regex() -> None:
    table, other = byte_table(b"=-+\t"), byte_table("ñ€ ".encode()[:1] + b" 1")
    for column in _columns():
        expected = pc.fill_null(pc.match_substring_regex(column, r"^[=\-+\t]"), False)
        assert rows_starting_with(column, table).tolist() == expected.to_pylist()
        leading = first_bytes(column)  # one gather, several tables
        assert starting_with(leading, table).tolist() == expected.to_pylist()
        expected = pc.fill_null(pc.match_substring_regex(column, r"^[ñ 1]"), False)
        assert starting_with(leading, other).tolist() == expected.to_pylist()


def test_rows_containing_equals_regex() -> None:
    table = byte_table(bytes([*range(0x00, 0x09), 0x1B, 0x7F, ord(",")]))
    for column in _columns():
        expected = pc.fill_null(pc.match_substring_regex(column, r"[\x00-\x08\x1b\x7f,]"), False)
        assert rows_containing(column, table).tolist() == expected.to_pylist()


def test_contains_byte_and_only_bytes_equal_regexes() -> None:
    table = byte_table(b",\x7f")
    for column in _columns():
        expected = pc.fill_null(pc.match_substring_regex(column, r"[,\x7f]"), False)
        assert contains_byte(column, table) == any(expected.to_pylist())
        cells = [cell for cell in column.to_pylist() if cell]
        assert only_bytes(column, b"a=-+") == all(set(cell) <= set("a=-+") for cell in cells)
