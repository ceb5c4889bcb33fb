"""Detector gates are exact: the gated scan (`ANY_GATE`, then each detector's gate) equals
running every detector on every cell."""

from __future__ import annotations

import polars as pl
import pytest

from datamuni.protection import detectors
from datamuni.protection.detectors import DETECTORS, ColumnScan, scan_column
from datamuni.protection.detectors.gates import required_literals
from tests.protection.corpus_report import load

EDGE_CELLS = [
    "paciente con diagnóſtico reservado",  # long s: a case-insensitive regex reads it as `s`
    "paſaje Los Aromos 45",
    "BLOCK 5 depto 12",  # Kelvin sign below
    "\u212aalle",
    "12.345.678-5 y 9 8765 4321",
    "juan @ muni.cl",
    "2026-10-01",
    "RUN 1234567-4, 1.000.005-k y 1000005k",  # seven-digit bodies: only with their check digit
    "12345674 y 1234567 - 4",
    "ficha?org=MU268&id=1000000",  # a seven-digit id: neither a RUT nor a phone
    "(41) 234 5678 o (2) 2345 6789 o +56 (41) 234-5678",
    "3088479.0",
    None,
    "",
]


def _ungated(monkeypatch: pytest.MonkeyPatch, series: pl.Series, numeric: bool) -> ColumnScan:
    with monkeypatch.context() as patch:
        patch.setattr(detectors, "_gated", lambda detector, work, allow: detector(work, allow))
        patch.setattr(detectors, "_candidates", lambda work: None)
        return scan_column(series, numeric=numeric)


@pytest.mark.parametrize("numeric", [False, True])
def test_gated_scan_equals_full_scan(monkeypatch: pytest.MonkeyPatch, numeric: bool) -> None:
    corpus = [text for text, _labels in load()]
    columns = [corpus + EDGE_CELLS, EDGE_CELLS]  # whole column, and a small one
    columns += [corpus[start : start + 7] for start in range(0, 280, 7)]  # gates skip or pick
    for cells in columns:
        series = pl.Series("c", cells, dtype=pl.String)
        gated, full = scan_column(series, numeric=numeric), _ungated(monkeypatch, series, numeric)
        for kind, mask in full.masks.items():
            assert gated.masks[kind].equals(mask), kind
        assert gated.spans_redacted.equals(full.spans_redacted)
        assert gated.cells_redacted().equals(full.cells_redacted())


def test_required_literals() -> None:
    assert required_literals(r"(?i)\b(?:calle|av\.?)\s+\d+") == ("av", "calle")
    assert required_literals(r"ab?c") is not None
    assert required_literals(r"[0-9]+|x") is None
    assert len(detectors.GATES) == len(DETECTORS)
