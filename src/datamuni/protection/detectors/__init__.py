"""Personal-data detectors for every text cell: RUT, e-mail, phone, address, sensitive words."""

from __future__ import annotations

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

__all__ = ["DETECTOR_KINDS", "LABELS", "ColumnScan", "scan_column"]


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


def scan_column(
    series: pl.Series, *, numeric: bool = False, allow: frozenset[str] = frozenset()
) -> ColumnScan:
    """Run every detector on a text column; `allow` lists tolerated kinds (e.g. `rut_empresa`)."""
    text = series.cast(pl.String)
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


def _nothing_found(text: pl.Series) -> ColumnScan:
    """The verdict of every detector on a column with no cell to look at: nothing, text kept."""
    masks = {kind: false_mask(text) for kinds, _ in GATES.values() for kind in kinds}
    any_mask = pl.select(pl.any_horizontal(list(masks.values()))).to_series()
    return ColumnScan(masks, text, any_mask)


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
