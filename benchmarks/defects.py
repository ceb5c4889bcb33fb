"""The defects injected into the synthetic file: 0.1 % of rows, nine kinds, listed per row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

BAD_KINDS = (
    "monto-no-numerico",  # type error in a number column
    "anio-vacio",  # missing required value
    "mes-fuera-de-rango",  # maximum constraint
    "estamento-desconocido",  # enum constraint
    "monto-negativo",  # minimum constraint
    "fecha-invalida",  # type error in a date column
    "formula",  # CSV-injection cell (flagged by the reader, not a schema error)
    "liquido-mayor-que-bruto",  # suite rule
    "termino-antes-de-inicio",  # suite rule
)
SCHEMA_BAD_KINDS = BAD_KINDS[:6]
"""Bad kinds that break the Table Schema (what frictionless and datamuni both must find)."""


def inject_defects(
    cols: dict[str, pa.Array], rng: np.random.Generator, n: int, bad: int
) -> list[tuple[int, str]]:
    """Break `bad` rows of the chunk in place; return (offset, kind) of each."""
    offsets = np.sort(rng.choice(n, size=bad, replace=False))
    kinds = [BAD_KINDS[i % len(BAD_KINDS)] for i in rng.permutation(bad)]
    edits: dict[str, dict[int, str]] = {}

    def put(column: str, offset: int, value: str) -> None:
        edits.setdefault(column, {})[offset] = value

    for offset, kind in zip(offsets.tolist(), kinds, strict=True):
        if kind == "monto-no-numerico":
            put("remuneracionbruta_mensual", offset, "N/A")
        elif kind == "anio-vacio":
            put("anyo", offset, "")
        elif kind == "mes-fuera-de-rango":
            put("Mes", offset, "13")
        elif kind == "estamento-desconocido":
            put("Tipo Estamento", offset, "Honorarios")
        elif kind == "monto-negativo":
            put("remuliquida_mensual", offset, "-15000,0")
        elif kind == "fecha-invalida":
            put("fecha_ingreso", offset, "31/02/2019")
        elif kind == "formula":
            put("observaciones", offset, '=HYPERLINK("http://ejemplo.cl/x";"ver")')
        elif kind == "liquido-mayor-que-bruto":
            put("remuneracionbruta_mensual", offset, "400000,0")
            put("remuliquida_mensual", offset, "900000,0")
        elif kind == "termino-antes-de-inicio":
            put("fecha_ingreso", offset, "01/03/2020")
            put("fecha_termino", offset, "31/12/2019")
    for column, changes in edits.items():
        values = cols[column].to_pylist()
        for offset, value in changes.items():
            values[offset] = value
        cols[column] = pa.array(values, pa.string())
    return list(zip(offsets.tolist(), kinds, strict=True))
