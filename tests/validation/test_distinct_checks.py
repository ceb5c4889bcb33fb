"""Checking a repetitive column once per distinct value finds the cell-by-cell findings."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from datamuni.distinct import MIN_ROWS, RepetitionGuide
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.validation.validator import Validator
from tests.validation.conftest import good_row, make_kind, make_table

BROKEN: list[dict[str, str | None]] = [
    {"bruta": "12.345.678-5"},  # type error
    {"nombre": None},  # required
    {"estamento": "Honorarios"},  # enum
    {"codigo": "5101"},  # pattern
    {"liquida": "-1"},  # minimum
    {"mes": "13"},  # maximum
    {"ingreso": "2026-02-30"},  # impossible date
    {"nombre": '=HYPERLINK("http://x")'},  # formula
    {"nombre": "x" * 31},  # maxLength
]


def _validate(settings: Settings, period: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = []
    for i in range(MIN_ROWS * 3):
        changes = BROKEN[i % len(BROKEN)] if i % 7 == 0 else {}
        # ids are unique; names repeat (a few distinct values per batch)
        rows.append(good_row(i, **{"nombre": f"Persona {i % 5}", **changes}))
    run = RunFolder.create(settings, "05101", "remuneraciones", period)
    validator = Validator(
        make_kind(max_invalid_ratio=1.0), settings, run, period=period, municipality="05101"
    )
    batches = list(validator.validate(make_table(rows, batch_rows=MIN_ROWS * 2)))
    report = validator.report.to_dict()
    report.pop("segundos", None)
    for volatile in ("seconds", "generado", "archivo_cuarentena"):
        report.pop(volatile, None)
    return report, pa.Table.from_batches(batches).to_pylist()


def test_distinct_checks_equal_cell_by_cell(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, valid = _validate(settings, "2026-10")
    monkeypatch.setattr(RepetitionGuide, "distinct", lambda self, column, values: None)
    cell_report, cell_valid = _validate(settings, "2026-11")
    assert valid == cell_valid
    assert report["hallazgos"] == cell_report["hallazgos"]
    assert report == {**cell_report, "periodo": report["periodo"]}
    quarantined = MIN_ROWS * 3 - len(valid)
    assert quarantined == len(range(0, MIN_ROWS * 3, 7))  # every broken row, no other


def test_typed_cells_spread_on_first_use_equal_cell_by_cell() -> None:
    from datamuni.validation.field_checks import parse_and_check

    kind = make_kind()
    rows = [good_row(i, nombre=f"Persona {i % 5}", mes=str(1 + i % 12)) for i in range(MIN_ROWS)]
    batch = next(iter(make_table(rows, batch_rows=MIN_ROWS).batches()))
    distinct, _ = parse_and_check(batch, kind, RepetitionGuide())
    cells, _ = parse_and_check(batch, kind, RepetitionGuide(min_rows=MIN_ROWS + 1))
    assert distinct["mes"]._spread is not None  # parsed on 12 values, not spread yet
    for name, column in cells.items():
        assert distinct[name].typed.equals(column.typed), name
        assert distinct[name].missing.equals(column.missing), name
    assert distinct["mes"]._spread is None and len(distinct["mes"].typed) == MIN_ROWS
