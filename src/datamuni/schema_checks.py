"""Turns one schema YAML mapping into a `DatasetKind`, collecting every problem in Spanish."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from datamuni import catalog as c
from datamuni.errors import ConfigurationError
from datamuni.kind_headers import build_header_index
from datamuni.schema_fields import build_field, check_cross_field

# Re-exported: `catalog.load_kind` builds the collector through this entry module.
from datamuni.schema_problems import Problems as Problems
from datamuni.schema_problems import check_field_refs

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when the wheel has it, else the pure-Python one (both safe)."""


def read_yaml(path: Path) -> dict[str, Any]:
    """The YAML mapping in `path` (Spanish error if unreadable or not a mapping)."""
    try:
        # The C loader (libyaml) is several times faster; every run loads 18 catalogue files.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    except OSError as error:
        raise ConfigurationError(f"No se puede leer `{path}`: {error.strerror}.") from error
    except yaml.YAMLError as error:
        raise ConfigurationError(
            f"El archivo `{path}` no es YAML válido: {error}.", "Revise la indentación."
        ) from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"El archivo `{path}` debe contener un diccionario YAML.")
    return data


def read_suite(kind: str, validators_dir: Path | None) -> dict[str, Any]:
    """Raw dict of `validators/<kind>.yaml` (or `.json`) when present, else `{}`."""
    if validators_dir is None:
        return {}
    for suffix in (".yaml", ".yml", ".json"):
        path = validators_dir / f"{kind}{suffix}"
        if not path.is_file():
            continue
        if suffix == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ConfigurationError(
                    f"La suite `{path}` no es JSON válido: {error}."
                ) from error
            if not isinstance(data, dict):
                raise ConfigurationError(f"La suite `{path}` debe ser un objeto JSON.")
            return data
        return read_yaml(path)
    return {}


def _build_meta(problems: Problems, data: dict[str, Any]) -> tuple[c.CatalogMeta, c.Policy]:
    meta = data.get("catalog") if isinstance(data.get("catalog"), dict) else {}
    assert isinstance(meta, dict)
    problems.check_keys("`catalog`", meta, c.CATALOG_KEYS)
    for key in c.CATALOG_KEYS:
        if key not in meta:
            problems.add("`catalog`", f"falta la clave `{key}`.")
    if meta.get("frequency", "mensual") not in c.FREQUENCIES:
        problems.add(
            "`catalog`", f"frecuencia `{meta.get('frequency')}` no está en {c.FREQUENCIES}."
        )
    if "{comuna}" not in str(meta.get("title_pattern", "{comuna}")):
        problems.add("`catalog`", "`title_pattern` debe contener `{comuna}`.")
    policy = data.get("policy") if isinstance(data.get("policy"), dict) else {}
    assert isinstance(policy, dict)
    problems.check_keys("`policy`", policy, c.POLICY_KEYS)
    ratio = policy.get("max_invalid_ratio", 0.1)
    if not isinstance(ratio, int | float) or not 0 <= ratio <= 1:
        problems.add("`policy`", f"`max_invalid_ratio` debe estar entre 0 y 1, no `{ratio}`.")
        ratio = 0.0
    return (
        c.CatalogMeta(
            title_pattern=str(meta.get("title_pattern", "")),
            description=str(meta.get("description", "")),
            frequency=str(meta.get("frequency", "")),
            group=str(meta.get("group", "")),
            keywords=tuple(str(k) for k in meta.get("keywords") or ()),
            licence=str(meta.get("licence", "")),
        ),
        c.Policy(float(ratio), bool(policy.get("block_on_missing_required_column", True))),
    )


def _check_aggregation(problems: Problems, value: Any, known: set[str]) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.add("`aggregation`", "debe ser `null` o `{dimensions, measures, count_field}`.")
        return None
    problems.check_keys("`aggregation`", value, c.AGGREGATION_KEYS)
    if not check_field_refs(problems, "`aggregation.dimensions`", value.get("dimensions"), known):
        problems.add("`aggregation`", "necesita al menos una dimensión en `dimensions`.")
    measures = value.get("measures") or {}
    if not isinstance(measures, dict):
        problems.add("`aggregation.measures`", "debe ser `{campo: sum|count|...}`.")
        measures = {}
    check_field_refs(problems, "`aggregation.measures`", list(measures), known)
    for name, operation in measures.items():
        if operation not in c.AGGREGATE_OPERATIONS:
            problems.add(
                "`aggregation.measures`", f"operación `{operation}` de `{name}` no válida."
            )
    if not isinstance(value.get("count_field", "n"), str):
        problems.add("`aggregation`", "`count_field` debe ser un nombre de columna.")
    return value


def build_kind(problems: Problems, data: dict[str, Any]) -> c.DatasetKind:
    """The whole schema mapping as a `DatasetKind`; every problem goes to `problems`."""
    problems.check_keys("", data, c.TOP_KEYS)
    for key in c.TOP_REQUIRED:
        if key not in data:
            problems.add("", f"falta la clave obligatoria `{key}`.")
    name = str(data.get("name", ""))
    if name != problems.path.stem:
        problems.add(
            "`name`", f"`{name}` debe ser igual al nombre del archivo (`{problems.path.stem}`)."
        )
    if not c.SEMVER.match(str(data.get("version", ""))):
        problems.add("`version`", f"`{data.get('version')}` no es semver (`1.0.0`); use comillas.")
    raw_fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    assert isinstance(raw_fields, list)
    if not raw_fields:
        problems.add("`fields`", "debe ser una lista con al menos un campo.")
    fields = [f for i, d in enumerate(raw_fields) if (f := build_field(problems, i, d)) is not None]
    check_cross_field(problems, fields)
    known = {spec.name for spec in fields}
    primary_key = check_field_refs(problems, "`primaryKey`", data.get("primaryKey"), known)
    foreign_keys = data.get("foreignKeys") or []
    for foreign_key in foreign_keys if isinstance(foreign_keys, list) else []:
        if not isinstance(foreign_key, dict) or not isinstance(foreign_key.get("reference"), dict):
            problems.add(
                "`foreignKeys`", "cada entrada es `{fields, reference: {resource, fields}}`."
            )
            continue
        check_field_refs(problems, "`foreignKeys`", foreign_key.get("fields"), known)
    quasi = check_field_refs(problems, "`quasi_identifiers`", data.get("quasi_identifiers"), known)
    aggregation = _check_aggregation(problems, data.get("aggregation"), known)
    missing = data.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        problems.add("`missingValues`", "debe ser una lista de textos.")
        missing = [""]
    extras = data.get("extras") or {}
    if not isinstance(extras, dict):
        problems.add("`extras`", "debe ser un diccionario.")
        extras = {}
    meta, policy = _build_meta(problems, data)
    return c.DatasetKind(
        name=name,
        version=str(data.get("version", "")),
        title=str(data.get("title", "")),
        description=str(data.get("description", "")),
        fields=tuple(fields),
        primary_key=tuple(primary_key),
        foreign_keys=tuple(fk for fk in foreign_keys if isinstance(fk, dict)),
        missing_values=tuple(missing),
        catalog=meta,
        policy=policy,
        quasi_identifiers=tuple(quasi),
        aggregation=aggregation,
        extras=extras,
        source_path=str(problems.path),
        header_index=build_header_index(fields),
    )
