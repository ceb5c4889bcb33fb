"""A tiny dataset kind and municipality for packaging, mapping and publishing tests."""

from __future__ import annotations

import pyarrow as pa

from datamuni.catalog import CatalogMeta, DatasetKind, FieldSpec, Policy, ProtectionSpec
from datamuni.territory import Comuna

VALPARAISO = Comuna("05101", "Valparaíso", "051", "Valparaíso", "05", "Valparaíso", "V")


def field(name: str, type_: str, action: str = "publicar", **constraints: object) -> FieldSpec:
    """One field with a Spanish title and description."""
    return FieldSpec(
        name=name,
        title=name.replace("_", " ").capitalize(),
        description=f"Descripción de {name}",
        type=type_,
        format="%d/%m/%Y" if type_ == "date" else None,
        constraints=dict(constraints),
        aliases=(name.upper(), f"{name} alias"),
        protection=ProtectionSpec(action, {"secreto": "no publicar"}),
    )


KIND = DatasetKind(
    name="remuneraciones",
    version="1.2.0",
    title="Remuneraciones",
    description="Personal y remuneraciones",
    fields=(
        field("nombre", "string", required=True),
        field("rut", "string", "eliminar"),
        field("cargo", "string"),
        field("remuneracion_bruta", "number", minimum=0),
        field("fecha_ingreso", "date"),
        field("observaciones", "string", "enmascarar", pattern="^.*$"),
    ),
    primary_key=("nombre",),
    foreign_keys=(),
    missing_values=("", "No tiene"),
    catalog=CatalogMeta(
        title_pattern="Remuneraciones del personal de la Municipalidad de {comuna}",
        description="Remuneraciones mensuales del personal municipal de {comuna} (art. 7 d).",
        frequency="mensual",
        group="personal-y-remuneraciones",
        keywords=("remuneraciones", "personal", "transparencia activa"),
        licence="CC-BY-4.0",
    ),
    policy=Policy(max_invalid_ratio=0.1),
)

COLUMNS = ["nombre", "cargo", "remuneracion_bruta", "fecha_ingreso", "observaciones"]


def batch(rows: list[list[str | None]]) -> pa.RecordBatch:
    """A record batch of string columns named like `COLUMNS`."""
    arrays = [pa.array([row[i] for row in rows], pa.string()) for i in range(len(COLUMNS))]
    return pa.RecordBatch.from_arrays(arrays, names=COLUMNS)


ROWS: list[list[str | None]] = [
    ["Ana Pérez", "Directora", "2500000.5", "2020-03-01", "sin observaciones"],
    ["Bruno Díaz", "Auxiliar", "850000", "2024-01-15", None],
    ["Carla Soto", "Técnica, nivel 2", "1200", "2023-07-31", '=HYPERLINK("x")'],
]
