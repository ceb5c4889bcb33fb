"""Scanning distinct values (and remembering clean ones) gives the cell-by-cell verdict."""

from __future__ import annotations

import polars as pl
import pytest

from datamuni.protection.detectors import (
    DISTINCT_MIN_ROWS,
    RECALL_TRIAL,
    SPREAD_RECHECK,
    CleanValues,
    ColumnScan,
    _scan_cells,
    scan_column,
)

REPEATED = [
    "Administrativo",
    "Llamar al +56 9 8765 4321",
    None,
    "RUT 12.345.678-5 en observación",
    "Profesional",
    "escribir a juana.perez@example.cl",
    "",
]


def _column(values: list[str | None], rows: int) -> pl.Series:
    return pl.Series("obs", [values[i % len(values)] for i in range(rows)], dtype=pl.String)


def _same(left: ColumnScan, right: ColumnScan) -> None:
    assert left.spans_redacted.to_list() == right.spans_redacted.to_list()
    assert left.any_mask.to_list() == right.any_mask.to_list()
    assert left.cells_redacted().to_list() == right.cells_redacted().to_list()
    assert set(left.masks) == set(right.masks)
    for kind in left.masks:
        assert left.masks[kind].to_list() == right.masks[kind].to_list(), kind


@pytest.mark.parametrize("numeric", [False, True])
def test_distinct_scan_equals_cell_by_cell(numeric: bool) -> None:
    column = _column([*REPEATED, "1234567.5"], DISTINCT_MIN_ROWS * 4)
    expected = _scan_cells(column, numeric, frozenset())
    assert expected.any_mask.any()  # the column does hold personal data
    _same(scan_column(column, numeric=numeric), expected)


def test_clean_values_are_remembered_and_new_values_still_scanned() -> None:
    clean = CleanValues()
    first = _column(["Administrativo", "Profesional", None], DISTINCT_MIN_ROWS * 2)
    assert not scan_column(first, clean=clean).any_mask.any()
    assert sorted(clean.values) == ["Administrativo", "Profesional"]
    # a later batch: the same clean values plus a new one holding a RUT
    second = _column(["Profesional", "RUT 12.345.678-5", "Administrativo"], DISTINCT_MIN_ROWS * 2)
    scan = scan_column(second, clean=clean)
    _same(scan, _scan_cells(second, False, frozenset()))
    assert scan.count("rut") == DISTINCT_MIN_ROWS * 2 // 3
    assert "RUT 12.345.678-5" not in clean.values  # never remembered as clean
    assert len(clean.values) == 2  # known values were not scanned (nor stored) again


def test_clean_values_stop_growing_at_their_limit() -> None:
    clean = CleanValues(limit=3)
    column = _column(["a", "b", "c", "d"], DISTINCT_MIN_ROWS * 2)
    scan_column(column, clean=clean)
    assert len(clean.values) == 0  # four new values would not fit: none kept, all scanned
    assert not scan_column(column, clean=clean).any_mask.any()


def test_mostly_distinct_columns_are_scanned_cell_by_cell() -> None:
    column = pl.Series("obs", [f"folio {i} sin datos" for i in range(DISTINCT_MIN_ROWS * 2)])
    clean = CleanValues()
    scan_column(column, clean=clean)
    assert len(clean.values) == 0  # not worth counting distinct values: nothing remembered


def test_many_distinct_values_remembered_across_batches() -> None:
    names = [f"Cargo {i}" for i in range(3000)] + ["fono +56 9 8765 4321"]
    column = _column([*names, None], len(names) * 5)
    clean = CleanValues()
    for _ in range(2):  # the second batch finds its 3,000 values known clean
        _same(scan_column(column, clean=clean), _scan_cells(column, False, frozenset()))
    assert len(clean.values) == 3000


def test_columns_whose_values_rarely_return_stop_being_remembered() -> None:
    clean = CleanValues()
    batches = [
        _column([f"{batch}{i}.5" for i in range(200)] + ["1.5", "RUT 12.345.678-5"], 1200)
        for batch in range(RECALL_TRIAL + 2)  # each batch: new amounts, two values that return
    ]
    for column in batches[: RECALL_TRIAL + 1]:
        _same(scan_column(column, clean=clean), _scan_cells(column, False, frozenset()))
    assert clean.retired and not clean.values  # under half its values came back: forgotten
    last = batches[-1]
    scan = scan_column(last, clean=clean)
    _same(scan, _scan_cells(last, False, frozenset()))  # still scanned, every cell
    assert scan.count("rut") == last.to_list().count("RUT 12.345.678-5") > 0
    assert not clean.values  # and nothing kept any more


def test_repetitive_columns_keep_being_remembered() -> None:
    clean = CleanValues()
    column = _column(["Administrativo", "Profesional", "Auxiliar", None], DISTINCT_MIN_ROWS)
    for _ in range(RECALL_TRIAL + 3):
        scan_column(column, clean=clean)
    assert not clean.retired and len(clean.values) == 3


def test_a_spread_column_is_counted_again_only_every_few_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # counting the distinct values of a URL or amount column costs a third of scanning it: a
    # column found too spread is scanned cell by cell without counting for a while, then checked
    # again (a sorted file may turn repetitive); the verdict is the same either way
    spread = pl.Series(
        "obs", [f"folio {i} fono +56 9 8765 4321" for i in range(DISTINCT_MIN_ROWS * 2)]
    )
    counted: list[int] = []
    real = pl.Series.unique

    def counting(series: pl.Series, *args: object, **kwargs: object) -> pl.Series:
        if series.len() == DISTINCT_MIN_ROWS * 2:  # a whole column (detectors count parts)
            counted.append(series.len())
        return real(series, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pl.Series, "unique", counting)
    clean = CleanValues()
    expected = _scan_cells(spread, False, frozenset())
    for _ in range(SPREAD_RECHECK):
        _same(scan_column(spread, clean=clean), expected)
    assert len(counted) == 1  # the first batch only
    repetitive = _column(REPEATED, DISTINCT_MIN_ROWS * 2)
    _same(scan_column(repetitive, clean=clean), _scan_cells(repetitive, False, frozenset()))
    assert len(counted) == 2  # counted again: distinct values scanned from now on
    _same(scan_column(repetitive, clean=clean), _scan_cells(repetitive, False, frozenset()))
    assert len(counted) == 3
