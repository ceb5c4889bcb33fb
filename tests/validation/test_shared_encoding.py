"""Validation reuses normalization's distinct encodings, with the same findings as without."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from datamuni.catalog import Policy
from datamuni.distinct import MIN_ROWS, Distinct, DistinctMemo
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import CATALOG, REMUNERACIONES
from tests.sources.test_normalize_distinct import HEADER, LINES

KIND = replace(REMUNERACIONES, policy=Policy(max_invalid_ratio=1.0))


def test_memo_finds_the_same_cells_only() -> None:
    column = pa.array(["a", "b", "a", None])
    encoded = Distinct(pa.array(["A", "B", None]), pa.array([0, 1, 0, 2]))
    memo = DistinctMemo(capacity=2)
    memo.remember(column, encoded)
    assert memo.recall(pa.array(["a", "b", "a", None])) is None  # equal text, other buffers
    assert memo.recall(column.slice(1)) is None  # other cells of the same buffers
    batch = pa.RecordBatch.from_arrays([column], names=["x"])
    assert memo.recall(batch.column("x")) is encoded  # another wrapper of the same column
    assert memo.recall(column) is None  # recalled once, then forgotten
    others = [pa.array([str(i)]) for i in range(3)]
    for other in others:
        memo.remember(other, encoded)
    assert memo.recall(others[0]) is None  # past capacity the oldest go
    assert memo.recall(others[2]) is encoded


def _validate(
    folder: Path, settings: Settings, capacity: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    from datamuni.validation.validator import Validator

    folder.mkdir()
    path = folder / "remuneraciones.csv"
    # the normalized values repeat (`Octubre`, `10`, `octubre` are all month 10), so the
    # distinct values validation receives hold duplicates
    body = [LINES[i % len(LINES)] for i in range(MIN_ROWS * 3)]
    path.write_bytes(("\n".join([HEADER, *body]) + "\n").encode("latin-1"))
    table = read_source(path, settings, kind=KIND, catalog=CATALOG)
    table.encodings.capacity = capacity
    hits = []
    recall = DistinctMemo.recall

    def counted(memo: DistinctMemo, column: pa.Array) -> Distinct | None:
        found = recall(memo, column)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(DistinctMemo, "recall", counted)
    run = RunFolder.create(settings, "05101", KIND.name, folder.name)
    validator = Validator(
        KIND, settings, run, period=folder.name, municipality="05101", suite_engine="off"
    )
    valid = pa.Table.from_batches(list(validator.validate(table))).to_pylist()
    report = validator.report.to_dict()
    for volatile in ("segundos", "periodo"):
        report.pop(volatile, None)
    monkeypatch.undo()
    return report, valid, sum(hits)


def test_validation_reuses_encodings_with_the_same_findings(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings.model_copy(update={"batch_rows": MIN_ROWS})
    report, valid, hits = _validate(tmp_path / "2026-10", settings, 256, monkeypatch)
    alone, alone_valid, none = _validate(tmp_path / "2026-11", settings, 0, monkeypatch)
    assert hits >= 3 * 5  # three batches, the repetitive mapped fields of each
    assert none == 0
    assert valid == alone_valid
    assert report == alone
    assert 0 < report["filas_en_cuarentena"] < MIN_ROWS * 3  # the broken lines are found
