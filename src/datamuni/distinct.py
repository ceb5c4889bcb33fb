"""Per-cell work done once per distinct value when a column repeats its values.

Municipal tables repeat most of their cells (estamentos, cargos, units, months, dates of entry):
normalizing, parsing and checking are per-cell functions, so computing them on the column's
distinct values and spreading the results back by index gives the same cells for far less work.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

MIN_ROWS = 512
"""Shorter columns are computed cell by cell (encoding them costs more than it saves)."""
MAX_SHARE = 0.5
"""Compute on distinct values only when they are at most this share of the cells."""
MEMO_CAPACITY = 256
"""Columns a `DistinctMemo` remembers at most (a few batches of a wide table in flight)."""


@dataclass(frozen=True)
class Distinct:
    """A column as its distinct values (nulls included) and each cell's index into them."""

    values: pa.Array
    indices: pa.Array

    def counts(self) -> npt.NDArray[np.int64]:
        """How many cells hold each distinct value."""
        indices = np.asarray(self.indices.to_numpy(zero_copy_only=False), np.int64)
        return np.bincount(indices, minlength=len(self.values))

    def spread(self, per_value: pa.Array) -> pa.Array:
        """A per-value result, cell by cell."""
        return pc.take(per_value, self.indices)

    def spread_mask(self, per_value: pa.Array) -> pa.Array:
        """A per-value boolean mask, cell by cell (all false without a take when none is set)."""
        if not pc.any(per_value).as_py():
            return pa.array(np.zeros(len(self.indices), np.bool_))
        return self.spread(per_value)


class DistinctMemo:
    """Encodings one stage hands to the next, found again by the column's buffers.

    Normalization encodes a repetitive column to normalize its distinct values, and the column
    it yields is those values spread back: validation reuses that encoding instead of hashing
    the column again (~0.6 s per million rows of the CPLT staff layout). An entry holds its
    column, so the buffers that key it cannot be freed and reused while it is remembered;
    `recall` forgets it, and past `capacity` the oldest go.
    """

    def __init__(self, capacity: int = MEMO_CAPACITY) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[object, ...], tuple[pa.Array, Distinct]] = OrderedDict()
        self._lock = threading.Lock()  # stages run in their own threads

    def remember(self, column: pa.Array, distinct: Distinct) -> None:
        """Keep `distinct` as the encoding of `column` (same cells, same order)."""
        with self._lock:
            self._entries[_identity(column)] = (column, distinct)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def recall(self, column: pa.Array) -> Distinct | None:
        """The encoding remembered for this very column (then forgotten), or None."""
        with self._lock:
            entry = self._entries.pop(_identity(column), None)
        return entry[1] if entry is not None else None


def _identity(column: pa.Array) -> tuple[object, ...]:
    """What makes two arrays the same cells: type, offset, length and buffer addresses."""
    addresses = tuple(0 if b is None else b.address for b in column.buffers())
    return (str(column.type), column.offset, len(column), *addresses)


class RepetitionGuide:
    """Decides per column whether distinct values pay, learning from the column's first batch."""

    def __init__(
        self,
        min_rows: int = MIN_ROWS,
        max_share: float = MAX_SHARE,
        memo: DistinctMemo | None = None,
    ) -> None:
        self.min_rows = min_rows
        self.max_share = max_share
        self.memo = memo
        self._mostly_distinct: set[str] = set()

    def distinct(self, column: str, values: pa.Array) -> Distinct | None:
        """`values` as distinct values and indices, or None to compute cell by cell."""
        known = self.memo.recall(values) if self.memo is not None else None
        if known is not None:
            return known
        if len(values) < self.min_rows or column in self._mostly_distinct:
            return None
        encoded = pc.dictionary_encode(values, null_encoding="encode")
        if len(encoded.dictionary) > len(values) * self.max_share:
            self._mostly_distinct.add(column)  # ids, amounts, links: not worth encoding again
            return None
        return Distinct(encoded.dictionary, encoded.indices)
