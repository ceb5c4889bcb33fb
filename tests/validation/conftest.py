"""Tiny inline tables and dataset kinds for the validation tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from datamuni.catalog import CatalogMeta, DatasetKind, FieldSpec, Policy, ProtectionSpec
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.table import SourceColumn, SourceTable

CANARY_RUT = "12.345.678-5"


def field(name: str, type_: str = "string", **constraints: Any) -> FieldSpec:
    """A schema field with constraints."""
    return FieldSpec(
        name, name.title(), "", type_, None, constraints, (), ProtectionSpec("publicar")
    )


def make_kind(suite: dict[str, Any] | None = None, max_invalid_ratio: float = 0.5) -> DatasetKind:
    """A small staff-pay kind: key `id`, amounts, dates, an enum and a pattern."""
    fields = (
        field("id", "integer", required=True),
        field("nombre", "string", required=True, maxLength=30),
        field("estamento", "string", enum=["Planta", "Contrata"]),
        field("codigo", "string", pattern=r"\d{5}"),
        field("bruta", "number", minimum=0),
        field("liquida", "number", minimum=0),
        field("ingreso", "date"),
        field("termino", "date"),
        field("mes", "integer", minimum=1, maximum=12),
    )
    meta = CatalogMeta("", "", "mensual", "", (), "CC-BY-4.0")
    return DatasetKind(
        "remuneraciones",
        "1.0.0",
        "Remuneraciones",
        "",
        fields,
        ("id",),
        (),
        ("",),
        meta,
        Policy(max_invalid_ratio),
        suite=suite or {},
    )


HEADERS = {
    "id": "ID",
    "nombre": "Nombre completo",
    "estamento": "Estamento",
    "codigo": "Código",
    "bruta": "Remuneración bruta",
    "liquida": "Remuneración líquida",
    "ingreso": "Fecha de inicio",
    "termino": "Fecha de término",
    "mes": "Mes",
}


def make_table(
    rows: list[dict[str, str | None]], batch_rows: int = 2, path: str = "f.csv"
) -> SourceTable:
    """A SourceTable over inline rows (row numbers start at 2, after the header)."""
    names = list(rows[0]) if rows else list(HEADERS)
    columns = [
        SourceColumn(HEADERS.get(n, n), n if n in HEADERS else None, i) for i, n in enumerate(names)
    ]

    def open_batches() -> Iterator[pa.RecordBatch]:
        for start in range(0, len(rows), batch_rows):
            chunk = rows[start : start + batch_rows]
            data = {"_fila": pa.array(range(start + 2, start + 2 + len(chunk)), pa.int64())}
            for column in columns:
                data[column.batch_name] = pa.array(
                    [r.get(column.batch_name if column.field else column.header) for r in chunk],
                    pa.string(),
                )
            yield pa.record_batch(data)

    return SourceTable(path, "csv", "remuneraciones", columns, 1, open_batches)


def good_row(i: int, **changes: str | None) -> dict[str, str | None]:
    """A valid row with id `i`, changed as asked."""
    row: dict[str, str | None] = {
        "id": str(i),
        "nombre": f"Persona {i}",
        "estamento": "Planta",
        "codigo": "05101",
        "bruta": "1200000.5",
        "liquida": "900000",
        "ingreso": "2020-03-01",
        "termino": None,
        "mes": "10",
    }
    row.update(changes)
    return row


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings rooted in a temporary project folder."""
    return Settings(project_dir=tmp_path)


@pytest.fixture
def run(settings: Settings) -> RunFolder:
    """A fresh run folder."""
    return RunFolder.create(settings, "05101", "remuneraciones", "2026-10")


Collect = Callable[..., Any]
