"""Per-cell work done once per distinct value when a column repeats its values.

Municipal tables repeat most of their cells (estamentos, cargos, units, months, dates of entry):
normalizing, parsing and checking are per-cell functions, so computing them on the column's
distinct values and spreading the results back by index gives the same cells for far less work.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

MIN_ROWS = 512
"""Shorter columns are computed cell by cell (encoding them costs more than it saves)."""
MAX_SHARE = 0.5
"""Compute on distinct values only when they are at most this share of the cells."""


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


class RepetitionGuide:
    """Decides per column whether distinct values pay, learning from the column's first batch."""

    def __init__(self, min_rows: int = MIN_ROWS, max_share: float = MAX_SHARE) -> None:
        self.min_rows = min_rows
        self.max_share = max_share
        self._mostly_distinct: set[str] = set()

    def distinct(self, column: str, values: pa.Array) -> Distinct | None:
        """`values` as distinct values and indices, or None to compute cell by cell."""
        if len(values) < self.min_rows or column in self._mostly_distinct:
            return None
        encoded = pc.dictionary_encode(values, null_encoding="encode")
        if len(encoded.dictionary) > len(values) * self.max_share:
            self._mostly_distinct.add(column)  # ids, amounts, links: not worth encoding again
            return None
        return Distinct(encoded.dictionary, encoded.indices)
