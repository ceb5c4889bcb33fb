"""Parser batches of any size turned into numbered batches of exactly `batch_rows` rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa

from datamuni.sources.table import ROW_COLUMN


def numbered_batches(
    blocks: Iterator[pa.RecordBatch], batch_rows: int, first_row: int, names: Sequence[str]
) -> Iterator[pa.RecordBatch]:
    """Batches of exactly `batch_rows` rows (the last may be shorter), `_fila` first.

    Rows are numbered from `first_row` on, in order; the columns of the blocks keep their
    order and are named `names` (one name per column).
    """
    batch_names = [ROW_COLUMN, *names]
    next_row = first_row
    for part in _exact_size(blocks, batch_rows):
        numbers = pa.array(np.arange(next_row, next_row + part.num_rows, dtype=np.int64))
        next_row += part.num_rows
        yield pa.RecordBatch.from_arrays([numbers, *part.columns], names=batch_names)


def _exact_size(blocks: Iterator[pa.RecordBatch], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Blocks of any size joined and cut into `batch_rows` rows (no copy within one block)."""
    held: list[pa.RecordBatch] = []
    count = 0
    for block in blocks:
        held.append(block)
        count += block.num_rows
        while count >= batch_rows:
            joined = held[0] if len(held) == 1 else pa.concat_batches(held)
            yield joined.slice(0, batch_rows)
            rest = joined.slice(batch_rows)
            held, count = ([rest] if rest.num_rows else []), rest.num_rows
    if count:
        yield held[0] if len(held) == 1 else pa.concat_batches(held)
