"""Parser blocks of any size become numbered batches of exactly `batch_rows` rows."""

from __future__ import annotations

import pyarrow as pa

from datamuni.sources.batches import numbered_batches
from datamuni.sources.table import ROW_COLUMN


def _blocks(*sizes: int) -> list[pa.RecordBatch]:
    values = iter(range(sum(sizes)))
    return [pa.record_batch({"a": [next(values) for _ in range(size)]}) for size in sizes]


def test_small_parser_blocks_are_joined_into_full_batches_in_order() -> None:
    batches = list(numbered_batches(iter(_blocks(3, 5, 1, 7)), 4, 2, ["a"]))
    assert [b.num_rows for b in batches] == [4, 4, 4, 4]
    assert [v for b in batches for v in b.column("a").to_pylist()] == list(range(16))
    sizes = [b.num_rows for b in numbered_batches(iter(_blocks(3, 5)), 5, 2, ["a"])]
    assert sizes == [5, 3]


def test_large_blocks_are_cut_and_rows_numbered_from_the_first_row() -> None:
    batches = list(numbered_batches(iter(_blocks(10, 3)), 4, 7, ["a"]))
    assert [b.num_rows for b in batches] == [4, 4, 4, 1]
    assert [v for b in batches for v in b.column(ROW_COLUMN).to_pylist()] == list(range(7, 20))
    assert [v for b in batches for v in b.column("a").to_pylist()] == list(range(13))


def test_row_number_comes_first_and_columns_take_the_given_names() -> None:
    block = pa.record_batch({"x": ["1", "2"], "y": ["a", "b"]})
    (batch,) = numbered_batches(iter([block]), 10, 2, ["id", "extra:Nombre"])
    assert batch.schema.names == [ROW_COLUMN, "id", "extra:Nombre"]
    assert batch.schema.field(ROW_COLUMN).type == pa.int64()
    assert batch.column(ROW_COLUMN).to_pylist() == [2, 3]
    assert batch.column("extra:Nombre").to_pylist() == ["a", "b"]


def test_no_blocks_no_batches() -> None:
    assert list(numbered_batches(iter([]), 4, 2, ["a"])) == []
