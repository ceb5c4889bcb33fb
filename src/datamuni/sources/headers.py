"""Header matching: source headers to schema fields via aliases, and layout recognition."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from datamuni.errors import SourceError
from datamuni.sources.table import SourceColumn

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
MIN_RECOGNIZED_COLUMNS = 2
"""A layout is recognised when at least this many headers match one dataset kind."""


def normalize_header(text: str) -> str:
    """Header key, accent-, case-, whitespace- and punctuation-insensitive (as the catalogue's)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", plain.lower())


def alias_index(kind: DatasetKind) -> dict[str, str]:
    """Normalized header -> field name, from each field's name and aliases."""
    loaded: dict[str, str] | None = getattr(kind, "header_index", None)
    if loaded:
        return loaded
    index: dict[str, str] = {}
    for spec in kind.fields:
        for alias in (spec.name, *spec.aliases):
            index.setdefault(normalize_header(alias), spec.name)
    return index


def match_header(kind: DatasetKind, header: str) -> str | None:
    """The field of `kind` that claims `header`, or None."""
    return alias_index(kind).get(normalize_header(header))


def count_matches(kind: DatasetKind, headers: Iterable[str]) -> int:
    """How many distinct fields of `kind` the headers claim."""
    index = alias_index(kind)
    return len({index[key] for key in map(normalize_header, headers) if key in index})


def recognize_kind(
    catalog: Mapping[str, DatasetKind], headers: Sequence[str]
) -> DatasetKind | None:
    """The dataset kind whose aliases match most headers (None if none matches enough).

    Raises `SourceError` when two kinds match equally well: the officer must say which one.
    """
    scores = sorted(
        ((count_matches(kind, headers), name) for name, kind in catalog.items()), reverse=True
    )
    if not scores or scores[0][0] < MIN_RECOGNIZED_COLUMNS:
        return None
    best, name = scores[0]
    tied = [other for score, other in scores if score == best]
    if len(tied) > 1:
        raise SourceError(
            f"Las columnas calzan por igual con los tipos {', '.join(sorted(tied))}.",
            "Indique el tipo de datos con `--tipo`.",
        )
    return catalog[name]


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
