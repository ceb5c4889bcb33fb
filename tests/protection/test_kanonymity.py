"""k-anonymity: smallest class measured, generalization first, then suppression; aggregation."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from datamuni.protection import Protector
from datamuni.settings import Settings
from tests.protection.conftest import make_batch, make_field, make_kind


def beneficiaries_kind():  # type: ignore[no-untyped-def]
    """Row-level beneficiaries with age band, sex and month as quasi-identifiers."""
    return make_kind(
        [
            make_field(
                "edad", "generalizar", "integer", to="banda_edad", bands=[0, 18, 30, 45, 60, 75]
            ),
            make_field("sexo"),
            make_field("fecha", "generalizar", "date", to="mes"),
            make_field("monto", "publicar", "number"),
        ],
        quasi_identifiers=("edad", "sexo", "fecha"),
    )


def test_every_class_reaches_k_across_batches(settings: Settings) -> None:
    ages = [str(20 + (i * 7) % 50) for i in range(60)]
    sexes = ["F" if i % 2 else "M" for i in range(60)]
    dates = [f"2024-{1 + i % 7:02d}-15" for i in range(60)]
    amounts = ["100000"] * 60
    batches = [
        make_batch(
            {
                "edad": ages[s : s + 20],
                "sexo": sexes[s : s + 20],
                "fecha": dates[s : s + 20],
                "monto": amounts[:20],
            }
        )
        for s in (0, 20, 40)
    ]
    protector = Protector(beneficiaries_kind(), settings)
    table = pa.Table.from_batches(list(protector.protect(iter(batches))))
    classes = Counter(
        zip(*(table.column(n).to_pylist() for n in ("edad", "sexo", "fecha")), strict=True)
    )
    audit = protector.report.k_anonymity
    assert min(classes.values()) >= 3
    assert audit["k_reached"] == min(classes.values())
    assert audit["smallest_class_before"] < 3
    assert audit["suppressed_rows"] == 60 - table.num_rows
    assert audit["suppressed_rows"] <= 3  # generalization did most of the work
    assert sum(audit["generalization_levels"].values()) >= 1
    assert protector.report.rows_out == table.num_rows


def test_unique_row_is_suppressed_when_nothing_else_helps(settings: Settings) -> None:
    rows = 20
    batch = make_batch(
        {
            "edad": ["40"] * rows,
            "sexo": ["F"] * (rows - 1) + ["X"],
            "fecha": ["2024-03-01"] * rows,
            "monto": ["1"] * rows,
        }
    )
    protector = Protector(beneficiaries_kind(), settings)
    table = pa.Table.from_batches(list(protector.protect([batch])))
    assert table.num_rows == rows - 1
    assert "X" not in table.column("sexo").to_pylist()
    assert protector.report.k_anonymity["suppressed_rows"] == 1


def test_aggregation_suppresses_small_cells(settings: Settings) -> None:
    kind = make_kind(
        [
            make_field("programa", "agregar"),
            make_field("nombre", "agregar"),
            make_field("monto", "agregar", "number"),
        ],
        aggregation={
            "dimensions": ["programa"],
            "measures": {"monto": "sum"},
            "count_field": "beneficiarios",
        },
    )
    batches = [
        make_batch(
            {"programa": ["A", "A", "B"], "nombre": ["x", "y", "z"], "monto": ["10", "20", "5"]}
        ),
        make_batch(
            {"programa": ["A", "C", "C"], "nombre": ["w", "v", "u"], "monto": ["1.5", "7", "8"]}
        ),
    ]
    protector = Protector(kind, settings)
    [out] = list(protector.protect(batches))
    assert out.to_pydict() == {"programa": ["A"], "monto": ["31.5"], "beneficiarios": ["3"]}
    audit = protector.report.aggregation
    assert audit["groups_suppressed"] == 2
    assert audit["rows_suppressed"] == 3
