"""The public Frictionless descriptor: Table Schema without internal rules, licence, sources."""

from __future__ import annotations

import re
from typing import Any

from datamuni.catalog import DatasetKind, FieldSpec

LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": (
        "Creative Commons Atribución 4.0 Internacional",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Atribución-CompartirIgual 4.0 Internacional",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}
TABLE_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "date",
    "datetime",
    "time",
    "year",
    "yearmonth",
}
PUBLIC_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
PUBLIC_CONSTRAINTS = (
    "required",
    "unique",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "enum",
    "pattern",
)


def licence_entry(licence_id: str) -> dict[str, str]:
    """Frictionless `licenses` entry of a licence id (known ids get their title and URL)."""
    title, path = LICENCES.get(licence_id, (licence_id, ""))
    entry = {"name": licence_id, "title": title}
    if path:
        entry["path"] = path
    return entry


def public_field(spec: FieldSpec) -> dict[str, Any]:
    """Table Schema of one published field: aliases, protection and extras stripped.

    A field whose protection action changes its values (masked, pseudonymized, generalized)
    is published as a plain string without constraints: the original type no longer holds.
    """
    descriptor: dict[str, Any] = {"name": spec.name, "title": spec.title}
    if spec.description:
        descriptor["description"] = spec.description
    as_is = spec.protection.action == "publicar" and spec.type in TABLE_TYPES
    descriptor["type"] = spec.type if as_is else "string"
    if as_is and spec.format and spec.type in ("string", "number", "integer"):
        descriptor["format"] = spec.format
    constraints = {k: spec.constraints[k] for k in PUBLIC_CONSTRAINTS if k in spec.constraints}
    if not as_is:
        constraints = {}
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def public_schema(kind: DatasetKind, columns: list[str]) -> dict[str, Any]:
    """Table Schema of the published CSV, for the columns actually present, in schema order."""
    fields = [public_field(kind.field(name)) for name in columns]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    published_as_is = {
        f["name"] for f in fields if kind.field(f["name"]).protection.action == "publicar"
    }
    if kind.primary_key and set(kind.primary_key) <= published_as_is:
        schema["primaryKey"] = list(kind.primary_key)
    return schema


def dictionary_rows(kind: DatasetKind, columns: list[str]) -> list[list[str]]:
    """Rows of the data dictionary (campo, título, tipo, descripción) for the published columns."""
    rows = [["campo", "titulo", "tipo", "descripcion"]]
    for name in columns:
        field = public_field(kind.field(name))
        rows.append([name, field["title"], field["type"], field.get("description", "")])
    return rows


def public_counts(value: Any) -> Any:
    """Keep only counts from a report: numbers (and dicts/lists of them); text is dropped."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):
        # Keys must look like identifiers (field names, rule names): a key holding a value
        # (a RUT, an e-mail) would leak it, so it is dropped with its count.
        kept = {
            str(k): public_counts(v)
            for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
            if PUBLIC_KEY.match(str(k))
        }
        return {k: v for k, v in kept.items() if v is not None and v != {} and v != []}
    if isinstance(value, list | tuple):
        kept_items = [public_counts(v) for v in value]
        return [v for v in kept_items if v is not None and v != {} and v != []]
    return None
