"""Header matching: a file's headers to a kind's fields via names and aliases; recognition.

One home for it: the catalogue builds each kind's index with `build_header_index` at load, and
the sources map and recognize layouts with the same normalization.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from datamuni.errors import SourceError

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind, FieldSpec

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
MIN_RECOGNIZED_COLUMNS = 2
"""A layout is recognised when at least this many headers match one dataset kind."""


def normalize_header(text: str) -> str:
    """Header key, accent-, case-, whitespace- and punctuation-insensitive (schemas and files)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", plain.lower())


def build_header_index(fields: Iterable[FieldSpec]) -> dict[str, str]:
    """Normalized header -> field name, from each field's name and aliases (first claim wins)."""
    index: dict[str, str] = {}
    for spec in fields:
        for alias in (spec.name, *spec.aliases):
            index.setdefault(normalize_header(alias), spec.name)
    return index


def alias_index(kind: DatasetKind) -> dict[str, str]:
    """The kind's header index (built at load; built here for kinds made by hand)."""
    return kind.header_index or build_header_index(kind.fields)


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


def match_field(kind: DatasetKind, header: str) -> FieldSpec | None:
    """The field of `kind` that claims `header` (its spec), or None."""
    name = match_header(kind, header)
    return kind.field(name) if name is not None else None
