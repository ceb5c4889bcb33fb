"""Hostile cells: the row is quarantined with a finding naming row and column, or neutralized.

What reaches the package CSV is formula-safe (OWASP: a leading `=`, `+`, `-`, `@`, tab or CR
gets a `'`); what does not is quarantined, owner-only, with defused formulas.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from datamuni.run_result import OUTCOME_BLOCKED, OUTCOME_VALIDATED
from tests.hardening.hostile_support import (
    GOOD,
    HEADER,
    Outcome,
    csv_bytes,
    row,
    run_hostile,
    with_bad,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _run(tmp_path: Path, name: str, data: bytes) -> Outcome:
    source = tmp_path / name
    source.write_bytes(data)
    outcome = run_hostile(tmp_path, source)
    assert outcome.error is None, outcome.error
    return outcome


def _published(outcome: Outcome) -> list[dict[str, str]]:
    assert outcome.result is not None and outcome.result.package is not None
    text = outcome.result.package.data_path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _findings(outcome: Outcome, rule: str) -> list[dict[str, object]]:
    assert outcome.result is not None
    return [f for f in outcome.result.validation["hallazgos"] if f["rule"] == rule]


def _assert_quarantined(outcome: Outcome, name: str, rule: str, row: int, column: str) -> None:
    """One row quarantined for `rule` at (`row`, `column`), the report names the file."""
    result = outcome.result
    assert result is not None
    assert result.validation["archivo"] == name
    assert result.rows_total == result.rows_valid + result.rows_quarantined
    [finding] = _findings(outcome, rule)
    assert (finding["row"], finding["column"]) == (row, column)
    assert str(finding["message"])[:1].isupper() and "celda" in str(finding["message"])
    quarantine = result.run_folder / "cuarentena.csv"
    assert quarantine.stat().st_mode & 0o077 == 0
    lines = quarantine.read_text(encoding="utf-8-sig").splitlines()
    assert any(line.startswith(f'"{row}";') for line in lines)


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("http://malo.example","clic")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "\t=1+1"],
)
def test_formula_cells_are_quarantined_and_defused(tmp_path: Path, formula: str) -> None:
    quoted = '"' + formula.replace('"', '""') + '"'
    outcome = _run(tmp_path, "formula.csv", csv_bytes(with_bad(row(note=quoted))))
    _assert_quarantined(outcome, "formula.csv", "csv-injection", 5, "observaciones")
    assert outcome.result is not None and outcome.result.outcome == OUTCOME_VALIDATED
    for record in _published(outcome):
        assert not any(value.startswith(FORMULA_START) for value in record.values())
    quarantine = (outcome.result.run_folder / "cuarentena.csv").read_text(encoding="utf-8-sig")
    [kept] = list(csv.DictReader(io.StringIO(quarantine), delimiter=";"))
    assert kept["observaciones"] == "'" + formula.strip()  # shown, never run, in a sheet


def test_formula_like_text_reaching_the_package_is_neutralized(tmp_path: Path) -> None:
    """`-2+3` is not flagged by validation (no letters) but a spreadsheet would compute it."""
    bad = row(name="Ana").replace(";Jefa;", ";-2+3;")
    outcome = _run(tmp_path, "cargo.csv", csv_bytes(with_bad(bad)))
    cargos = [record["cargo"] for record in _published(outcome)]
    assert "'-2+3" in cargos and "-2+3" not in cargos
    assert outcome.result is not None and outcome.result.package is not None
    descriptor = outcome.result.package.descriptor_path.read_text(encoding="utf-8")
    assert "-2+3" not in descriptor.replace("'-2+3", "")


def test_control_characters_quarantine_the_row(tmp_path: Path) -> None:
    outcome = _run(tmp_path, "control.csv", csv_bytes(with_bad(row(name="Ana\x1b[31mRoja\x07"))))
    _assert_quarantined(outcome, "control.csv", "caracteres-de-control", 5, "Nombres")
    for record in _published(outcome):
        assert "\x1b" not in "".join(record.values())


def test_one_megabyte_cell_is_quarantined(tmp_path: Path) -> None:
    outcome = _run(tmp_path, "celda.csv", csv_bytes(with_bad(row(note="palabra " * 131072))))
    _assert_quarantined(outcome, "celda.csv", "celda-gigante", 5, "observaciones")
    assert outcome.result is not None and outcome.result.package is not None
    assert outcome.result.package.data_path.stat().st_size < 64 * 1024
    reports = outcome.result.run_folder / "reporte.json"
    assert reports.stat().st_size < 64 * 1024  # the masked value is not a megabyte either


def test_negative_zero_amount_is_published_as_zero(tmp_path: Path) -> None:
    outcome = _run(tmp_path, "cero.csv", csv_bytes(with_bad(row(gross="-0", net="-0,00"))))
    record = next(r for r in _published(outcome) if r["nombres"] == "Ana")
    assert (record["remuneracion_bruta"], record["remuneracion_liquida"]) == ("0", "0.00")


def test_cr_crlf_and_lf_mixed_in_one_file_read_every_row(tmp_path: Path) -> None:
    lines = [HEADER, *GOOD]
    data = lines[0] + "\r\n" + lines[1] + "\r" + lines[2] + "\n" + "\r\n".join(lines[3:]) + "\r"
    outcome = _run(tmp_path, "saltos.csv", data.encode("utf-8"))
    assert outcome.result is not None
    assert outcome.result.rows_total == len(GOOD) == len(_published(outcome))


def test_many_bad_rows_block_and_nothing_is_packaged(tmp_path: Path) -> None:
    rows = [row(note="=1+1") if i % 2 else row(f"Ana{i}") for i in range(12)]
    source = tmp_path / "muchas.csv"
    source.write_bytes(csv_bytes(rows))
    outcome = run_hostile(tmp_path, source)
    assert outcome.result is not None and outcome.result.outcome == OUTCOME_BLOCKED
    assert outcome.result.package is None and outcome.packaged_files() == []
    assert not list(outcome.result.run_folder.glob("*.arrow"))
