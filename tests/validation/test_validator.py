"""Schema checks, uniqueness, quarantine, policy and reports of the Validator."""

from __future__ import annotations

import json
import stat

import pyarrow as pa

from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.validation.validator import Validator
from tests.validation.conftest import CANARY_RUT, good_row, make_kind, make_table


def _validate(rows, settings, run, kind=None, **kw):  # type: ignore[no-untyped-def]
    validator = Validator(
        kind or make_kind(), settings, run, period="2026-10", municipality="05101", **kw
    )
    batches = list(validator.validate(make_table(rows)))
    return validator, pa.Table.from_batches(batches) if batches else None


def _rules(validator: Validator) -> set[tuple[int | None, str, str | None]]:
    return {(f.row, f.rule, f.field) for f in validator.report.findings}


def test_clean_table_passes_every_row(settings: Settings, run: RunFolder) -> None:
    validator, valid = _validate([good_row(i) for i in range(5)], settings, run)
    assert valid is not None and valid.num_rows == 5
    assert valid.column_names == [
        "_fila",
        *make_table([good_row(0)]).batches().__next__().schema.names[1:],
    ]
    assert validator.report.rows_quarantined == 0 and validator.report.exit_code == 0


def test_each_constraint_is_found_on_its_row(settings: Settings, run: RunFolder) -> None:
    rows = [
        good_row(1),
        good_row(2, bruta="12.345.678-5"),  # row 3: type error
        good_row(3, nombre=None),  # row 4: required
        good_row(4, estamento="Honorarios"),  # row 5: enum
        good_row(5, codigo="5101"),  # row 6: pattern
        good_row(6, liquida="-1"),  # row 7: minimum
        good_row(7, mes="13"),  # row 8: maximum
        good_row(8, ingreso="2026-02-30"),  # row 9: impossible date
        good_row(9, nombre='=HYPERLINK("http://x")'),  # row 10: formula
        good_row(1),  # row 11: duplicated key, first seen on row 2
        good_row(10, nombre="x" * 31),  # row 12: maxLength
    ]
    validator, valid = _validate(rows, settings, run, kind=make_kind(max_invalid_ratio=1.0))
    assert _rules(validator) == {
        (3, "type-error", "bruta"),
        (4, "required", "nombre"),
        (5, "enum", "estamento"),
        (6, "pattern", "codigo"),
        (7, "minimum", "liquida"),
        (8, "maximum", "mes"),
        (9, "type-error", "ingreso"),
        (10, "csv-injection", "nombre"),
        (11, "unique", "id"),
        (12, "maxLength", "nombre"),
    }
    assert valid is not None and valid.column("_fila").to_pylist() == [2]
    duplicate = next(f for f in validator.report.findings if f.rule == "unique")
    assert "fila 2" in duplicate.message and duplicate.column == "ID"
    assert validator.report.rows_quarantined == 10 and validator.report.blocked is False


def test_uniqueness_is_exact_across_batches(settings: Settings, run: RunFolder) -> None:
    rows = [good_row(i) for i in range(6)] + [good_row(0), good_row(5), good_row(0)]
    validator, _ = _validate(rows, settings, run)
    found = [(f.row, f.message) for f in validator.report.findings if f.rule == "unique"]
    assert [row for row, _ in found] == [8, 9, 10]
    assert "fila 2" in found[0][1] and "fila 7" in found[1][1] and "fila 2" in found[2][1]


def test_canary_is_masked_in_json_html_and_kept_only_in_quarantine(
    settings: Settings, run: RunFolder
) -> None:
    rows = [good_row(1, bruta=CANARY_RUT), good_row(2, nombre=f"={CANARY_RUT}")]
    validator, _ = _validate(rows, settings, run)
    report = validator.report
    report.write_json(run.file("reporte.json"))
    report.write_html(run.file("reporte.html"))
    for name in ("reporte.json", "reporte.html"):
        text = run.file(name).read_text(encoding="utf-8")
        assert CANARY_RUT not in text and "12345678" not in text
    values = {f.value for f in report.findings}
    assert "1*.***.***-5" in values
    quarantine = run.file("cuarentena.csv")
    assert stat.S_IMODE(quarantine.stat().st_mode) == 0o600
    content = quarantine.read_text(encoding="utf-8-sig")
    assert CANARY_RUT in content and "'=" in content  # formulas are defused for spreadsheets
    assert content.splitlines()[0].startswith('"fila";"motivos";"ID"')
    assert json.loads(run.file("reporte.json").read_text())["filas_en_cuarentena"] == 2


def test_missing_required_column_blocks_before_streaming(
    settings: Settings, run: RunFolder
) -> None:
    rows = [{k: v for k, v in good_row(1).items() if k != "nombre"}]
    validator, valid = _validate(rows, settings, run)
    assert valid is None
    assert validator.report.blocked and "nombre" in (validator.report.block_reason or "")
    assert "Agregue esas columnas con los encabezados del formato oficial" in (
        validator.report.block_reason or ""
    )
    assert validator.report.exit_code == 2


def test_unknown_layout_blocks(settings: Settings, run: RunFolder) -> None:
    validator, valid = _validate([{"Columna rara": "x"}], settings, run)
    assert valid is None and validator.report.blocked


def test_invalid_ratio_above_policy_blocks_after_streaming(
    settings: Settings, run: RunFolder
) -> None:
    rows = [good_row(1), good_row(2, mes="x"), good_row(3, mes="y")]
    validator, valid = _validate(rows, settings, run, kind=make_kind(max_invalid_ratio=0.5))
    assert valid is not None and valid.num_rows == 1
    assert validator.report.blocked and "66.7%" in (validator.report.block_reason or "")


def test_findings_are_capped_but_counted(settings: Settings, run: RunFolder) -> None:
    rows = [good_row(i, mes="x") for i in range(7)]
    validator, _ = _validate(rows, settings, run, max_findings_per_rule=3)
    count = validator.report.counts[("type-error", "mes")]
    assert (count.total, count.shown) == (7, 3)
    assert len(validator.report.findings) == 3


def test_batch_without_broken_rows_goes_on_uncopied(settings: Settings, run: RunFolder) -> None:
    rows = [good_row(i) for i in range(4)]
    rows[3]["estamento"] = "Honorarios"  # only the second batch has a broken row
    table = make_table(rows, batch_rows=2)
    read: list[pa.RecordBatch] = []
    opened = table.open_batches

    def recorded():  # type: ignore[no-untyped-def]
        for batch in opened():
            read.append(batch)
            yield batch

    table.open_batches = recorded
    validator = Validator(make_kind(), settings, run, period="2026-10", municipality="05101")
    first, second = list(validator.validate(table))
    assert first is read[0]  # nothing to drop: the batch read is the batch handed on
    assert second is not read[1] and second.num_rows == 1


def test_quarantine_rows_carry_every_reason_in_rule_order(
    settings: Settings, run: RunFolder
) -> None:
    import csv

    rows = [good_row(i) for i in range(6)]
    rows[1].update(estamento="Honorarios", codigo="5101")  # two rules broken
    rows[4].update(codigo="5101")
    _validate(rows, settings, run)
    text = run.file("cuarentena.csv").read_text(encoding="utf-8-sig")
    quarantined = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert [row["fila"] for row in quarantined] == ["3", "6"]  # file rows, header counted
    first, second = (row["motivos"].split("; ") for row in quarantined)
    assert len(first) == 2 and len(second) == 1
    assert second[0] in first and first[0] != first[1]
