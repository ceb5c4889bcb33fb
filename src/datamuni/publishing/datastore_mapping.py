"""Pure DataStore mapping: Table Schema → DataStore fields (data dictionary), CSV → record chunks.

No network: `datastore.py` sends what these functions build.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MARKER = "datamuni_datastore_sha256"
"""Resource field holding the marker of what the DataStore holds (see `datastore_marker`)."""
DICTIONARY_ONLY = ";solo-diccionario"
CHUNK_ROWS = 5_000
DATASTORE_TYPES = {
    "number": "numeric",
    "integer": "numeric",
    "date": "date",
    "datetime": "timestamp",
}


def datastore_type(table_type: str) -> str:
    """DataStore (PostgreSQL) type of a Table Schema type: numeric, date, timestamp or text."""
    return DATASTORE_TYPES.get(table_type, "text")


def datastore_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """`datastore_create` fields of a Table Schema: title as `info.label`, description as notes."""
    fields = []
    for field in schema.get("fields", []):
        kind = datastore_type(str(field.get("type", "string")))
        info = {
            "label": str(field.get("title") or field["name"]),
            "notes": str(field.get("description") or ""),
            "type_override": kind,
        }
        fields.append({"id": field["name"], "type": kind, "info": info})
    return fields


def same_columns(existing: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> bool:
    """Whether a DataStore table (from `datastore_info`) has exactly the wanted ids and types."""
    have = [(f["id"], f["type"]) for f in existing if not str(f["id"]).startswith("_")]
    return have == [(f["id"], f["type"]) for f in wanted]


def datastore_marker(sha256: str, with_records: bool) -> str:
    """What the DataStore holds once loaded: the CSV's sha256, and whether records came too."""
    return f"sha256:{sha256}" + ("" if with_records else DICTIONARY_ONLY)


def needs_load(resource: dict[str, Any], marker: str) -> bool:
    """Whether the resource's DataStore is missing or stale (marker differs, table inactive)."""
    return resource.get(MARKER) != marker or not resource.get("datastore_active")


def csv_chunks(
    path: Path, columns: list[str], size: int = CHUNK_ROWS
) -> Iterator[list[dict[str, str | None]]]:
    """Stream the published CSV as lists of at most `size` records (empty cells become null).

    Raises `ValueError` when the header is not `columns` (the schema and the file disagree).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if header != columns:
            raise ValueError(f"el encabezado del CSV {header} no coincide con el esquema")
        chunk: list[dict[str, str | None]] = []
        for row in reader:
            chunk.append({name: (value or None) for name, value in zip(columns, row, strict=True)})
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def dictionary_summary(schema: dict[str, Any]) -> list[str]:
    """Spanish lines for `--simular`: the DataStore data dictionary (field, type, label)."""
    fields = datastore_fields(schema)
    lines = [f"  Diccionario DataStore ({len(fields)} campos, si CKAN tiene DataStore):"]
    lines += [f"    {f['id']} ({f['type']}): {f['info']['label']}" for f in fields]
    return lines
