"""Header matching: source headers to schema fields via aliases, and layout recognition."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from datamuni.errors import SourceError
from datamuni.kind_headers import alias_index, normalize_header
from datamuni.sources.table import SourceColumn

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind


def map_columns(kind: DatasetKind, headers: Sequence[str], path: str) -> list[SourceColumn]:
    """Source columns with the field each header maps to; duplicated headers are an error."""
    index = alias_index(kind)
    seen: dict[str, int] = {}
    claimed: dict[str, str] = {}
    columns: list[SourceColumn] = []
    for position, header in enumerate(headers):
        if _mixed_script(header):
            raise SourceError(
                f"El encabezado `{header}` mezcla letras latinas con letras de otro alfabeto "
                "(p. ej. cirílico o griego) que se ven iguales.",
                "Escriba de nuevo el encabezado con el teclado, solo con letras latinas.",
                path=path,
                column=header,
            )
        key = normalize_header(header)
        if key in seen:
            raise SourceError(
                f"El encabezado `{header}` está repetido "
                f"(columnas {seen[key] + 1} y {position + 1}).",
                "Cambie el nombre de una de las columnas o elimine la columna repetida.",
                path=path,
                column=header,
            )
        seen[key] = position
        field = index.get(key)
        if field is not None and field in claimed:
            raise SourceError(
                f"Las columnas `{claimed[field]}` y `{header}` corresponden al mismo campo "
                f"`{field}`.",
                "Deje solo una de las dos columnas en el archivo.",
                path=path,
                column=header,
            )
        if field is not None:
            claimed[field] = header
        columns.append(SourceColumn(header=header, field=field, position=position))
    return columns


def _mixed_script(header: str) -> bool:
    """Whether a header mixes Latin letters with look-alike letters of another script."""
    scripts = {unicodedata.name(char, "?").split(" ", 1)[0] for char in header if char.isalpha()}
    return "LATIN" in scripts and bool(scripts & {"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})
