"""Values of a column already scanned and found clean, remembered across batches (bounded)."""

from __future__ import annotations

import polars as pl

RECALL_TRIAL = 4
RECALL_MIN_SHARE = 0.5
"""After `RECALL_TRIAL` lookups a column keeps its clean values only if at least this share of
its distinct values were already known (repetitive columns: above 0.9; amounts: 0.1–0.6)."""
SPREAD_RECHECK = 16
"""A column whose values were too spread to scan distinct values is counted again only every
this many batches (a file sorted by a column changes along the way)."""


class CleanValues:
    """Values of one column already scanned and found clean (in memory only, bounded).

    Later batches repeat most values of a column (estamentos, cargos, units, months): their
    verdict is known, so only values never seen are scanned. A column whose values rarely come
    back (amounts, free text) stops being remembered: its lookups would cost more than they save.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.values: set[str] = set()
        self.retired = False
        self._lookups = self._looked = self._known = 0
        self._uncounted = 0

    def worth_counting(self) -> bool:
        """Whether to count this batch's distinct values: not for a column that was too spread
        last time, until `SPREAD_RECHECK` batches later (counting a URL column costs ~1/3 of
        scanning it, for nothing)."""
        if self._uncounted:
            self._uncounted -= 1
            return False
        return True

    def too_spread(self) -> None:
        """Note that this batch's distinct values were too many to scan them instead of cells."""
        self._uncounted = SPREAD_RECHECK - 1

    def unknown(self, distinct: pl.Series) -> pl.Series:
        """The values of `distinct` not known to be clean (null cells are never scanned).

        A set lookup: `distinct` is at most a quarter of a batch, and on the usual few values it
        beats three polars operations.
        """
        if self.retired:
            return distinct.drop_nulls()
        fresh = [v for v in distinct.to_list() if v is not None and v not in self.values]
        self._lookups += 1
        if self._lookups > 1:  # the first lookup finds nothing known in any column
            self._looked += distinct.len() - distinct.null_count()
            self._known += distinct.len() - distinct.null_count() - len(fresh)
            if self._lookups > RECALL_TRIAL and self._known < self._looked * RECALL_MIN_SHARE:
                self.retired, self.values = True, set()
        return pl.Series(distinct.name, fresh, dtype=pl.String)

    def add(self, values: pl.Series) -> None:
        """Remember `values` as clean while there is room."""
        if not self.retired and len(self.values) + values.len() <= self.limit:
            self.values.update(values.to_list())
