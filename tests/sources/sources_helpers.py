"""Helpers for the source reader tests: small dataset kinds built directly."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa

from datamuni.catalog import CatalogMeta, DatasetKind, FieldSpec, Policy, ProtectionSpec
from datamuni.sources.table import SourceTable

PLACEHOLDERS = ("", "No Recepcionado", "No Aplica", "Sin dato oficial", "No tiene", "Indefinido")


def make_field(name: str, type_: str = "string", *aliases: str, **extra: Any) -> FieldSpec:
    """A field with aliases; `pattern` and `hours_field` go where the catalogue puts them."""
    constraints = {"pattern": extra.pop("pattern")} if "pattern" in extra else {}
    return FieldSpec(
        name=name,
        title=name,
        description=name,
        type=type_,
        format=None,
        constraints=constraints,
        aliases=tuple(aliases),
        protection=ProtectionSpec("publicar"),
        extras=extra,
    )


def make_kind(name: str, fields: list[FieldSpec], **extras: Any) -> DatasetKind:
    """A dataset kind with the usual SINIM/CPLT placeholders."""
    return DatasetKind(
        name=name,
        version="1.0.0",
        title=name,
        description=name,
        fields=tuple(fields),
        primary_key=(),
        foreign_keys=(),
        missing_values=PLACEHOLDERS,
        catalog=CatalogMeta(name, name, "mensual", "g", (), "CC-BY-4.0"),
        policy=Policy(0.1),
        extras=extras,
    )


REMUNERACIONES = make_kind(
    "remuneraciones",
    [
        make_field("codigo_comuna", "string", "organismo_codigo", pattern=r"^\d{5}$"),
        make_field("anio", "integer", "anyo", "Año"),
        make_field("mes", "integer", "Mes"),
        make_field("estamento", "string", "Tipo Estamento", "Estamento"),
        make_field("nombres", "string", "Nombres"),
        make_field("nombre_completo", "string", "Nombre completo"),
        make_field(
            "remuneracion_bruta",
            "number",
            "remuneracionbruta_mensual",
            "Remuneración bruta del mes (incluye bonos e incentivos, asig. especiales, "
            "horas extras)",
        ),
        make_field(
            "monto_horas_extra_diurnas",
            "number",
            "Horas extra diurnas",
            hours_field="horas_extra_diurnas",
        ),
        make_field("horas_extra_diurnas", "number", "horas_diurnas"),
        make_field("fecha_ingreso", "date", "fecha_ingreso", "Fecha de inicio dd/mm/aa"),
        make_field("fecha_termino", "date", "fecha_termino", "Fecha de término dd/mm/aa"),
        make_field("observaciones", "string", "observaciones", "Observaciones"),
    ],
)
TRANSFERENCIAS = make_kind(
    "transferencias",
    [
        make_field("codigo_comuna", "string", "organismo_codigo", pattern=r"^\d{5}$"),
        make_field("monto", "number", "monto"),
        make_field("razon_social", "string", "razon_social"),
        make_field("objeto", "string", "objeto_transferencia"),
    ],
)
CATALOG = {kind.name: kind for kind in (REMUNERACIONES, TRANSFERENCIAS)}


def digest(path: Path) -> str:
    """SHA-256 of a file (to prove a reader never modifies its input)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(table: SourceTable) -> list[dict[str, Any]]:
    """Every row of a table as dicts (tests only: small tables)."""
    batches = list(table.batches())
    assert all(batch.num_rows <= 65_536 for batch in batches)
    return pa.Table.from_batches(batches).to_pylist() if batches else []
