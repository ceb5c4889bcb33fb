"""Personal-data detectors for every text cell: RUT, e-mail, phone, address, sensitive words."""

from __future__ import annotations

import functools
from collections.abc import Callable

import polars as pl

from datamuni.protection.detectors import address, email, phone, rut, sensitive
from datamuni.protection.detectors.base import DETECTOR_KINDS, LABELS, Scan, false_mask
from datamuni.protection.detectors.gates import (
    Gate,
    literal_gate,
    literals_pattern,
    regex_gate,
    required_literals,
)
from datamuni.protection.detectors.recall import (
    RECALL_MIN_SHARE,
    RECALL_TRIAL,
    SPREAD_RECHECK,
    CleanValues,
)
from datamuni.protection.detectors.verdict import ColumnScan, spread

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
ANY_GATE = "|".join(
    (
        literals_pattern(_literals(email.PATTERN)),
        rut.GATE,
        phone.GATE,
        literals_pattern(_literals(address.PATTERN)),
        sensitive.GATE,
    )
)
"""One regex every cell any detector could flag matches: most columns hold no candidate at all,
and one pass over them costs about a quarter of the five gates."""
PLAIN_NUMBER = r"^\s*-?\d+(?:\.\d+)?\s*$"
"""A normalized number (`1234567.5`): in numeric fields it is an amount, not a RUT or phone."""

__all__ = [
    "DETECTOR_KINDS",
    "LABELS",
    "RECALL_MIN_SHARE",
    "RECALL_TRIAL",
    "SPREAD_RECHECK",
    "CleanValues",
    "ColumnScan",
    "scan_column",
]


DISTINCT_MIN_ROWS = 512
"""Columns shorter than this are scanned cell by cell (counting distinct values costs more)."""
DISTINCT_MAX_SHARE = 0.25
"""Scan distinct values only when they are at most this share of the cells."""


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
    if text.len() < DISTINCT_MIN_ROWS or (clean is not None and not clean.worth_counting()):
        return _scan_cells(text, numeric, allow)
    distinct = text.unique()
    if distinct.len() > text.len() * DISTINCT_MAX_SHARE:
        if clean is not None:
            clean.too_spread()
        return _scan_cells(text, numeric, allow)
    unknown = clean.unknown(distinct) if clean is not None else distinct.drop_nulls()
    if unknown.len() == 0:
        return _nothing_found(text)
    verdict = _scan_cells(unknown, numeric, allow)
    if clean is not None:
        clean.add(unknown.filter(~verdict.any_mask))
    if not verdict.any_mask.any():
        return _nothing_found(text)
    return spread(verdict, unknown, text)


def _scan_cells(series: pl.Series, numeric: bool, allow: frozenset[str]) -> ColumnScan:
    """Every detector on every cell of `series` (on the cells that pass `ANY_GATE` only)."""
    text = series
    work = text
    exempt = None
    if numeric:
        exempt = text.str.contains(PLAIN_NUMBER).fill_null(False)
        if int(exempt.sum()) == text.len() - text.null_count():
            return _nothing_found(text)  # only amounts: every detector would see null cells
        work = pl.select(pl.when(exempt).then(None).otherwise(text)).to_series().alias(text.name)
    candidates = _candidates(work)
    count = work.len() if candidates is None else int(candidates.sum())
    if count == 0:
        return _nothing_found(text)
    if candidates is None or count > work.len() // 2:
        masks, work = _detect(work, allow)
    else:
        positions = candidates.arg_true()
        found, part = _detect(work.filter(candidates), allow)
        masks = {kind: false_mask(work).scatter(positions, mask) for kind, mask in found.items()}
        work = work.clone().scatter(positions, part)
    if exempt is not None:
        work = pl.select(pl.when(exempt).then(text).otherwise(work)).to_series().alias(text.name)
    any_mask = pl.select(pl.any_horizontal(list(masks.values()))).to_series()
    return ColumnScan(masks, work, any_mask)


def _candidates(work: pl.Series) -> pl.Series | None:
    """Cells some detector could flag (null cells never), or None for every cell."""
    return work.str.contains(ANY_GATE).fill_null(False)


def _detect(work: pl.Series, allow: frozenset[str]) -> tuple[dict[str, pl.Series], pl.Series]:
    """Each detector in turn, each on the redacted text of the ones before it."""
    masks: dict[str, pl.Series] = {}
    for detector in DETECTORS:
        result = _gated(detector, work, allow)
        masks.update(result.masks)
        if result.redacted is not None:
            work = result.redacted
    return masks, work


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
