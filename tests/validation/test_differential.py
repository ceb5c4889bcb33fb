"""datamuni's findings equal frictionless' on the constraint types both support."""

from __future__ import annotations

import csv
from pathlib import Path

from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.table import ROW_COLUMN
from datamuni.validation.differential import compare_with_frictionless, plain_csv_table
from tests.validation.conftest import good_row, make_kind

BAD_ROWS = [
    good_row(2, bruta="12.345.678-5"),
    good_row(3, nombre=None),
    good_row(4, estamento="Honorarios"),
    good_row(5, codigo="5101"),
    good_row(6, liquida="-1"),
    good_row(7, mes="13"),
    good_row(8, ingreso="2026-02-30"),
    good_row(1),
    good_row(10, nombre="x" * 31),
    good_row(11, mes="abc", codigo="x"),
    good_row(12, id=None),
    good_row(13, id="1.5"),
]


def _write(path: Path, rows: list[dict[str, str | None]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return path


def test_same_errors_as_frictionless(tmp_path: Path, settings: Settings, run: RunFolder) -> None:
    rows = [good_row(1), *BAD_ROWS, *[good_row(i) for i in range(20, 30)]]
    diff = compare_with_frictionless(_write(tmp_path / "t.csv", rows), make_kind(), settings, run)
    assert diff.equal, (sorted(diff.only_datamuni), sorted(diff.only_frictionless))
    assert diff.common >= 14


def test_the_comparison_can_fail(tmp_path: Path, settings: Settings, run: RunFolder) -> None:
    kind = make_kind()
    loose = kind.__class__(**{**kind.__dict__, "primary_key": ()})  # datamuni stops checking keys
    diff = compare_with_frictionless(
        _write(tmp_path / "t.csv", [good_row(1), good_row(1)]), loose, settings, run
    )
    assert diff.equal  # neither checks a key now
    strict_file = _write(tmp_path / "u.csv", [good_row(1), good_row(1, mes="x")])
    assert compare_with_frictionless(strict_file, kind, settings, run).common == 2


def test_plain_table_batches_are_full_and_numbered_from_row_two(tmp_path: Path) -> None:
    rows = [{**good_row(i), "sobrante": "x"} for i in range(1, 11)]
    table = plain_csv_table(_write(tmp_path / "t.csv", rows), make_kind(), batch_rows=4)
    batches = list(table.batches())
    assert [b.num_rows for b in batches] == [4, 4, 2]
    assert [v for b in batches for v in b.column(ROW_COLUMN).to_pylist()] == list(range(2, 12))
    assert batches[0].schema.names[0] == ROW_COLUMN
    assert batches[0].schema.names[-1] == "extra:sobrante"
