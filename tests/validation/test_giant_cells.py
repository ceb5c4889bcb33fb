"""Excel's cell limit counts characters, not bytes (multi-byte text right at the limit passes)."""

from __future__ import annotations

import pyarrow as pa

from datamuni.validation.schema_checks import MAX_CELL_CHARS, _giant_cells


def test_giant_cells_count_characters() -> None:
    at_limit = "ñ" * MAX_CELL_CHARS  # twice as many bytes as the limit
    cells = pa.array([at_limit, at_limit + "a", "corto", None, "a" * (MAX_CELL_CHARS + 1)])
    assert _giant_cells(cells).to_pylist() == [False, True, False, False, True]
    assert _giant_cells(pa.array([at_limit, None])).to_pylist() == [False, False]
    assert _giant_cells(pa.array(["x", None])).to_pylist() == [False, False]
    assert _giant_cells(pa.array([], pa.string())).to_pylist() == []
