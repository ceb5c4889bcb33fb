"""Personal-data detectors for every text cell: RUT, e-mail, phone, address, sensitive words."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from datamuni.protection.detectors import address, email, phone, rut, sensitive
from datamuni.protection.detectors.base import DETECTOR_KINDS, LABELS, Scan, false_mask
from datamuni.protection.detectors.gates import Gate, literal_gate, regex_gate, required_literals

DetectorFunction = Callable[[pl.Series, frozenset[str]], Scan]
DETECTORS: tuple[DetectorFunction, ...] = (
    email.scan,
    rut.scan,
    phone.scan,
    address.scan,
    sensitive.scan,
)
"""Order matters: e-mails before RUTs (`juan12345678@...`), RUTs before phones (9-digit forms)."""


def _literals(pattern: str) -> tuple[str, ...]:
    found = required_literals(pattern)
    assert found is not None, pattern
    return found


GATES: dict[DetectorFunction, tuple[tuple[str, ...], Gate]] = {
    email.scan: ((email.KIND,), literal_gate(_literals(email.PATTERN))),
    rut.scan: ((rut.KIND, rut.COMPANY_KIND), regex_gate(rut.GATE)),
    phone.scan: ((phone.KIND,), regex_gate(phone.GATE)),
    address.scan: ((address.KIND,), literal_gate(_literals(address.PATTERN))),
    sensitive.scan: ((sensitive.KIND,), literal_gate(_literals(sensitive.PATTERN))),
}
"""Each detector's kinds and its gate: a cheap test every cell it could flag passes."""
PLAIN_NUMBER = r"^\s*-?\d+(?:\.\d+)?\s*$"
"""A normalized number (`1234567.5`): in numeric fields it is an amount, not a RUT or phone."""

__all__ = ["DETECTOR_KINDS", "LABELS", "CleanValues", "ColumnScan", "scan_column"]


@dataclass
class ColumnScan:
    """Detectors' verdict on one column: per-kind masks, span-redacted and cell-redacted text."""

    masks: dict[str, pl.Series]
    spans_redacted: pl.Series
    """Detected spans replaced by labels (what `enmascarar` publishes)."""
    any_mask: pl.Series
    """Cells with at least one detection."""

    def count(self, kind: str) -> int:
        """Cells with a detection of `kind`."""
        return int(self.masks[kind].sum())

    def cells_redacted(self) -> pl.Series:
        """Whole cells replaced by the labels of what they held (what `publicar` publishes)."""
        if not self.any_mask.any():
            return self.spans_redacted  # nothing found: the text as it came
        labels = []
        for kind in DETECTOR_KINDS:
            if kind == "rut_empresa":
                continue
            mask = self.masks[kind]
            if kind == "rut":
                mask = mask | self.masks["rut_empresa"]
            labels.append(pl.when(pl.lit(mask)).then(pl.lit(LABELS[kind])))
        frame = pl.DataFrame({"value": self.spans_redacted, "any": self.any_mask})
        labelled = pl.concat_str(labels, separator=" ", ignore_nulls=True)
        chosen = pl.when(pl.col("any")).then(labelled).otherwise(pl.col("value"))
        return frame.select(chosen).to_series().alias(self.spans_redacted.name)


DISTINCT_MIN_ROWS = 512
"""Columns shorter than this are scanned cell by cell (counting distinct values costs more)."""
DISTINCT_MAX_SHARE = 0.25
"""Scan distinct values only when they are at most this share of the cells."""
RECALL_TRIAL = 4
RECALL_MIN_SHARE = 0.5
"""After `RECALL_TRIAL` lookups a column keeps its clean values only if at least this share of
its distinct values were already known (repetitive columns: above 0.9; amounts: 0.1–0.6)."""


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


def scan_column(
    series: pl.Series,
    *,
    numeric: bool = False,
    allow: frozenset[str] = frozenset(),
    clean: CleanValues | None = None,
) -> ColumnScan:
    """Run every detector on a text column; `allow` lists tolerated kinds (e.g. `rut_empresa`).

    Detectors judge each cell alone, so a column that repeats its values (estamentos, cargos,
    units) is scanned once per distinct value not already known clean (`clean`, the same column
    in earlier batches), and the verdicts are spread back to its cells.
    """
    text = series.cast(pl.String)
    if text.len() < DISTINCT_MIN_ROWS:
        return _scan_cells(text, numeric, allow)
    distinct = text.unique()
    if distinct.len() > text.len() * DISTINCT_MAX_SHARE:
        return _scan_cells(text, numeric, allow)
    unknown = clean.unknown(distinct) if clean is not None else distinct.drop_nulls()
    if unknown.len() == 0:
        return _nothing_found(text)
    verdict = _scan_cells(unknown, numeric, allow)
    if clean is not None:
        clean.add(unknown.filter(~verdict.any_mask))
    if not verdict.any_mask.any():
        return _nothing_found(text)
    return _spread(verdict, unknown, text)


def _spread(verdict: ColumnScan, scanned: pl.Series, text: pl.Series) -> ColumnScan:
    """The verdicts on `scanned` values, cell by cell in `text`'s order (others are clean)."""
    table = pl.DataFrame(
        {
            "value": scanned,
            "redacted": verdict.spans_redacted,
            "any": verdict.any_mask,
            **{f"mask_{kind}": mask for kind, mask in verdict.masks.items()},
        }
    )
    cells = pl.DataFrame({"value": text}).join(table, on="value", how="left", maintain_order="left")
    masks = {
        kind: cells[f"mask_{kind}"].fill_null(False).alias(text.name) for kind in verdict.masks
    }
    redacted = cells["redacted"].fill_null(cells["value"]).alias(text.name)
    return ColumnScan(masks, redacted, cells["any"].fill_null(False).alias(text.name))


def _scan_cells(series: pl.Series, numeric: bool, allow: frozenset[str]) -> ColumnScan:
    """Every detector on every cell of `series`."""
    text = series
    work = text
    exempt = None
    if numeric:
        exempt = text.str.contains(PLAIN_NUMBER).fill_null(False)
        if int(exempt.sum()) == text.len() - text.null_count():
            return _nothing_found(text)  # only amounts: every detector would see null cells
        work = pl.select(pl.when(exempt).then(None).otherwise(text)).to_series().alias(text.name)
    masks: dict[str, pl.Series] = {}
    for detector in DETECTORS:
        result = _gated(detector, work, allow)
        masks.update(result.masks)
        if result.redacted is not None:
            work = result.redacted
    if exempt is not None:
        work = pl.select(pl.when(exempt).then(text).otherwise(work)).to_series().alias(text.name)
    any_mask = pl.select(pl.any_horizontal(list(masks.values()))).to_series()
    return ColumnScan(masks, work, any_mask)


@functools.lru_cache(maxsize=8)
def _all_false(length: int) -> pl.Series:
    """A read-only all-false mask, built once per batch length."""
    return pl.repeat(False, length, dtype=pl.Boolean, eager=True)


def _nothing_found(text: pl.Series) -> ColumnScan:
    """The verdict of every detector on a column with no cell to look at: nothing, text kept."""
    nothing = _all_false(text.len()).alias(text.name)  # shared: consumers only read it
    masks = {kind: nothing for kinds, _ in GATES.values() for kind in kinds}
    return ColumnScan(masks, text, nothing)


def _gated(detector: DetectorFunction, series: pl.Series, allow: frozenset[str]) -> Scan:
    """Run `detector` on the cells that pass its gate only (same verdict, far less regex work)."""
    kinds, gate = GATES[detector]
    candidates = gate(series)
    if candidates is None:
        return detector(series, allow)
    candidates = candidates.fill_null(False)
    count = int(candidates.sum())
    if count == 0:
        return Scan({kind: false_mask(series) for kind in kinds}, series)
    if count > series.len() // 2:
        return detector(series, allow)
    positions = candidates.arg_true()
    part = detector(series.filter(candidates), allow)
    masks = {kind: false_mask(series).scatter(positions, part.masks[kind]) for kind in part.masks}
    redacted = None
    if part.redacted is not None:
        redacted = series.clone().scatter(positions, part.redacted)
    return Scan(masks, redacted)
