"""The expectation suites: GX and the columnar engine agree; every shipped suite is well formed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.validation.suite_columnar import CHECKS
from datamuni.validation.suite_spec import parse_suite, resolve_parameters, suite_parameters
from datamuni.validation.validator import Validator
from tests.validation.conftest import good_row, make_kind, make_table

VALIDATORS = Path(__file__).resolve().parents[2] / "validators"
SCHEMAS = VALIDATORS.parent / "schemas"


def _item(id_: str, expectation: str, **kwargs: Any) -> dict[str, Any]:
    return {"id": id_, "expectation": expectation, "kwargs": kwargs, "message": "m", "fix": "f"}


SUITE = {
    "expectations": [
        _item(
            "mes",
            "expect_column_values_to_be_in_set",
            column="mes",
            value_set=[{"$param": "periodo_mes"}],
        ),
        _item("bruta", "expect_column_values_to_be_between", column="bruta", min_value=1000),
        _item(
            "hoy",
            "expect_column_values_to_be_between",
            column="ingreso",
            max_value={"$param": "hoy"},
        ),
        _item(
            "neto",
            "expect_column_pair_values_A_to_be_greater_than_B",
            column_A="bruta",
            column_B="liquida",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        _item(
            "fechas",
            "expect_column_pair_values_A_to_be_greater_than_B",
            column_A="termino",
            column_B="ingreso",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        {
            **_item("codigo", "expect_column_values_to_match_regex", column="codigo", regex="^05"),
            "severity": "advertencia",
        },
    ],
    "checklist": ["Revise el mes."],
}
ROWS = [
    good_row(1),
    good_row(2, mes="9"),  # row 3: wrong month
    good_row(3, bruta="500"),  # row 4: below 1000 and net > gross
    good_row(4, ingreso="2999-01-01"),  # row 5: future start; end before start is ignored (no end)
    good_row(5, termino="2019-12-31"),  # row 6: end before start
    good_row(6, codigo="13101"),  # row 7: warning only
    good_row(7, liquida=None),  # row 8: pair ignored
]
EXPECTED = {
    (3, "gx:mes"),
    (4, "gx:bruta"),
    (4, "gx:neto"),
    (5, "gx:hoy"),
    (6, "gx:fechas"),
    (7, "gx:codigo"),
}


@pytest.mark.parametrize("engine", ["gx", "columnar"])
def test_engines_find_the_same_rows(engine: str, settings: Settings, run: RunFolder) -> None:
    kind = make_kind(suite=SUITE, max_invalid_ratio=1.0)
    validator = Validator(
        kind, settings, run, period="2026-10", municipality=None, suite_engine=engine
    )  # type: ignore[arg-type]
    valid = [
        row
        for batch in validator.validate(make_table(ROWS, batch_rows=3))
        for row in batch.column("_fila").to_pylist()
    ]
    found = {(f.row, f.rule) for f in validator.report.findings}
    assert found == EXPECTED, validator.report.suite
    assert valid == [2, 7, 8]  # the warning (row 7) does not quarantine
    assert validator.report.exit_code == 1 and validator.report.checklist == ["Revise el mes."]
    net = next(f for f in validator.report.findings if f.rule == "gx:neto")
    assert net.column == "Remuneración bruta" and net.value == "500"


def test_without_period_the_period_rules_are_skipped(settings: Settings, run: RunFolder) -> None:
    kind = make_kind(suite=SUITE, max_invalid_ratio=1.0)
    validator = Validator(
        kind, settings, run, period=None, municipality=None, suite_engine="columnar"
    )
    list(validator.validate(make_table(ROWS)))
    assert "mes" in validator.report.suite["omitidas"]
    assert (3, "gx:mes") not in {(f.row, f.rule) for f in validator.report.findings}


def test_parameters_of_a_period() -> None:
    values = suite_parameters("2026-02", today=date(2026, 3, 5))
    assert values["periodo_fin"] == date(2026, 2, 28) and values["periodo_mes"] == 2
    assert resolve_parameters({"v": [{"$param": "periodo_anio"}]}, values) == {"v": [2026]}


KINDS = [
    "remuneraciones",
    "honorarios",
    "compras",
    "transferencias",
    "subsidios",
    "beneficiarios",
    "presupuesto",
    "patentes",
    "permisos_edificacion",
]


@pytest.mark.parametrize("name", KINDS)
def test_every_shipped_suite_is_well_formed(name: str) -> None:
    raw = yaml.safe_load((VALIDATORS / f"{name}.yaml").read_text(encoding="utf-8"))
    suite = parse_suite(raw, name)
    assert suite.expectations and suite.checklist
    for item in suite.expectations:
        assert item.expectation.lower() in CHECKS, item.id
    schema = SCHEMAS / f"{name}.yaml"
    if schema.is_file():  # the schema may land later; then its field names must match
        fields = {f["name"] for f in yaml.safe_load(schema.read_text(encoding="utf-8"))["fields"]}
        for item in suite.expectations:
            assert set(item.columns) <= fields, (item.id, set(item.columns) - fields)
