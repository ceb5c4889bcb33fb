"""Table Schema checks on one batch, columnar: type, required, enum, bounds, pattern, formulas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import FieldSpec
from datamuni.sources.bytescan import byte_table, rows_containing
from datamuni.sources.cell_notes import formula_cells
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import ParsedColumn, typed_scalar

TYPE_WORDS = {
    "integer": ("un número entero", "Escriba solo dígitos, sin puntos, comas ni símbolos."),
    "number": ("un número", "Escriba un monto o cantidad, p. ej. `1.234.567` o `1234567,5`."),
    "year": ("un año de 4 dígitos", "Escriba el año como `2026`."),
    "date": ("una fecha válida", "Escriba una fecha real como `31/10/2026` (dd/mm/aaaa)."),
    "datetime": ("una fecha y hora válidas", "Escriba la fecha y hora como `31/10/2026 14:30:00`."),
    "boolean": ("un valor sí/no", "Escriba `true` o `false`."),
}


MAX_CELL_CHARS = 32_767
"""Excel's cell limit: a longer text cannot be opened by citizens (and is likely garbage)."""
CONTROL_PATTERN = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
"""Control characters other than tab and line breaks (terminal escapes, bells, form feeds)."""
_CONTROL_BYTES = byte_table(bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
"""`CONTROL_PATTERN` as bytes: all ASCII, so an exact byte scan replaces the regex."""


def _present_ok(column: ParsedColumn) -> pa.Array:
    """Cells with a value of the right type: the only ones constraints judge."""
    return pc.and_(pc.invert(column.missing), pc.invert(column.type_error))


def _constraint(field: FieldSpec, name: str, bound: Any, column: ParsedColumn) -> Issue | None:
    """The issue of one constraint on one parsed column, or None for an unknown constraint."""
    judged = _present_ok(column)
    if name == "enum":
        values = pa.array([typed_scalar(v, field).as_py() for v in bound], column.typed.type)
        broken = pc.invert(pc.fill_null(pc.is_in(column.typed, value_set=values), False))
        shown = ", ".join(f"`{v}`" for v in bound[:8])
        message, fix = "El valor no está entre los permitidos.", f"Use uno de: {shown}."
    elif name in ("minimum", "maximum"):
        op = pc.less if name == "minimum" else pc.greater
        broken = pc.fill_null(op(column.typed, typed_scalar(bound, field)), False)
        word = "menor que el mínimo" if name == "minimum" else "mayor que el máximo"
        message, fix = (
            f"El valor es {word} permitido (`{bound}`).",
            "Corrija el valor o revise la unidad.",
        )
    elif name == "pattern":
        matched = pc.match_substring_regex(column.text, f"^(?:{bound})$")
        broken = pc.invert(pc.fill_null(matched, False))
        message, fix = (
            "El valor no tiene el formato esperado.",
            "Revise el formato del código o texto.",
        )
    elif name in ("minLength", "maxLength"):
        length = pc.utf8_length(column.text)
        op = pc.less if name == "minLength" else pc.greater
        broken = pc.fill_null(op(length, pa.scalar(int(bound), length.type)), False)
        word = "corto" if name == "minLength" else "largo"
        message, fix = f"El texto es demasiado {word} (límite {bound}).", "Revise el texto."
    else:
        return None
    mask = pc.and_(judged, broken)
    reason = f"{name} en `{field.name}`"
    return Issue(name, field.name, mask, message, fix, reason, value_parsed=True)


def check_field(field: FieldSpec, column: ParsedColumn) -> Iterator[Issue]:
    """Every schema issue of one field in one batch."""
    if field.required:
        yield Issue(
            "required",
            field.name,
            column.missing,
            "Falta un valor obligatorio.",
            "Complete la celda; si no aplica, consulte al encargado de transparencia.",
            f"falta `{field.name}`",
        )
    if field.type in TYPE_WORDS:
        word, fix = TYPE_WORDS[field.type]
        yield Issue(
            "type-error",
            field.name,
            column.type_error,
            f"El valor no es {word}.",
            fix,
            f"tipo en `{field.name}`",
        )
    for name, bound in field.constraints.items():
        if name in ("required", "unique"):
            continue
        issue = _constraint(field, name, bound, column)
        if issue is not None:
            yield issue
    if field.type in ("string", "any"):
        formula = formula_cells(column.text)
        yield Issue(
            "csv-injection",
            field.name,
            formula,
            "La celda parece una fórmula de planilla (inyección CSV); no se ejecuta ni se publica.",
            "Quite el signo inicial (`=`, `+`, `@`, `-`) o escriba el texto sin fórmula.",
            f"fórmula en `{field.name}`",
        )
        yield Issue(
            "celda-gigante",
            field.name,
            _giant_cells(column.text),
            f"La celda tiene más de {MAX_CELL_CHARS} caracteres (límite de Excel).",
            "Revise la celda en el sistema de origen: un texto así no se puede publicar.",
            f"celda gigante en `{field.name}`",
        )
        yield Issue(
            "caracteres-de-control",
            field.name,
            pa.array(rows_containing(column.text, _CONTROL_BYTES)),
            "La celda contiene caracteres de control invisibles (no son texto).",
            "Quite los caracteres de control de la celda y exporte de nuevo.",
            f"caracteres de control en `{field.name}`",
        )


def _giant_cells(text: pa.Array) -> pa.Array:
    """Cells over `MAX_CELL_CHARS` characters; counted only if some cell has that many bytes."""
    longest = pc.max(pc.binary_length(text)).as_py() if len(text) else None
    if longest is None or longest <= MAX_CELL_CHARS:
        return pa.array(np.zeros(len(text), np.bool_))
    length = pc.utf8_length(text)
    return pc.fill_null(pc.greater(length, pa.scalar(MAX_CELL_CHARS, length.type)), False)
