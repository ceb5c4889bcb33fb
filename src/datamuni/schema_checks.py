"""Turns one schema YAML mapping into a `DatasetKind`, collecting every problem in Spanish."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from datamuni import catalog as c
from datamuni.errors import ConfigurationError


class Problems:
    """The problems found in one schema file; raised together as one `ConfigurationError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        """Record one problem at `where` (e.g. ``campo `sueldo` ``)."""
        self.items.append(f"{where}: {message}" if where else message)

    def check_keys(self, where: str, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
        """Report keys of `data` that are not in `allowed`, suggesting the closest one."""
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" ¿Quiso decir `{near[0]}`?" if near else ""
                self.add(where, f"clave desconocida `{key}`.{hint} Válidas: {', '.join(allowed)}.")

    def raise_if_any(self) -> None:
        """Raise a `ConfigurationError` listing every problem, if any was found."""
        if self.items:
            listed = "\n".join(f"  - {item}" for item in self.items)
            raise ConfigurationError(
                f"El esquema `{self.path}` tiene {len(self.items)} problema(s):\n{listed}",
                "Corrija el archivo YAML (vocabulario en `schemas/README.md`) y vuelva a intentar.",
            )


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


def _names(value: Any) -> list[str]:
    """A Table Schema field list given as a string or a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return []


def check_field_refs(problems: Problems, where: str, value: Any, known: set[str]) -> list[str]:
    """Field names in `value`; report unknown ones and malformed values."""
    names = _names(value)
    if value is not None and not names and value != []:
        problems.add(where, f"se esperaba un nombre de campo o una lista, no `{value!r}`.")
    for name in names:
        if name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" ¿Quiso decir `{near[0]}`?" if near else ""
            problems.add(where, f"nombra el campo `{name}`, que no existe.{hint}")
    return names


def build_protection(problems: Problems, where: str, value: Any) -> c.ProtectionSpec:
    """The protection entry of one field (`{action: ..., ...params}` or just the action)."""
    if isinstance(value, str):
        value = {"action": value}
    if not isinstance(value, dict) or "action" not in value:
        problems.add(where, "`protection` debe ser `{action: publicar|eliminar|...}`.")
        return c.ProtectionSpec(action="eliminar")
    action = value["action"]
    if action not in c.PROTECTION_ACTIONS:
        near = difflib.get_close_matches(str(action), c.PROTECTION_ACTIONS, n=1)
        hint = f" ¿Quiso decir `{near[0]}`?" if near else ""
        problems.add(
            where,
            f"acción de protección desconocida `{action}`.{hint} "
            f"Válidas: {', '.join(c.PROTECTION_ACTIONS)}.",
        )
        return c.ProtectionSpec(action="eliminar")
    params = {key: item for key, item in value.items() if key != "action"}
    problems.check_keys(f"{where}, `protection`", params, c.PROTECTION_PARAMS[action])
    if "allow" in params and not (
        isinstance(params["allow"], list) and all(isinstance(a, str) for a in params["allow"])
    ):
        problems.add(where, "`protection.allow` debe ser una lista de tipos de detector.")
    if action == "generalizar":
        _check_generalize(problems, where, params)
    return c.ProtectionSpec(action=action, params=params)


def _check_generalize(problems: Problems, where: str, params: dict[str, Any]) -> None:
    target = params.get("to")
    if target not in c.GENERALIZE_TO:
        problems.add(where, f"`generalizar` necesita `to` en {', '.join(c.GENERALIZE_TO)}.")
    if target in ("banda_edad", "rango"):
        bands = params.get("bands")
        if not (
            isinstance(bands, list)
            and bands
            and all(isinstance(b, int | float) for b in bands)
            and bands == sorted(bands)
        ):
            problems.add(
                where, f"`generalizar` a `{target}` necesita `bands` numéricos crecientes."
            )


def build_field(problems: Problems, index: int, data: Any) -> c.FieldSpec | None:
    """One entry of `fields` as a `FieldSpec` (None when it is not even a mapping)."""
    if not isinstance(data, dict):
        problems.add(f"campo n.º {index + 1}", "debe ser un diccionario con `name`, `type`...")
        return None
    name = str(data.get("name", f"n.º {index + 1}"))
    where = f"campo `{name}`"
    problems.check_keys(where, data, c.FIELD_KEYS)
    for key in c.FIELD_REQUIRED:
        if key not in data:
            problems.add(where, f"falta la clave obligatoria `{key}`.")
    if not c.NAME.match(name):
        problems.add(where, "el nombre debe estar en snake_case ASCII (`remuneracion_bruta`).")
    if data.get("type", "string") not in c.FIELD_TYPES:
        problems.add(
            where, f"tipo desconocido `{data.get('type')}`. Válidos: {', '.join(c.FIELD_TYPES)}."
        )
    if data.get("format") is not None and data["format"] not in c.FIELD_FORMATS:
        problems.add(where, f"formato desconocido `{data['format']}`. Válidos: {c.FIELD_FORMATS}.")
    constraints = data.get("constraints") or {}
    if not isinstance(constraints, dict):
        problems.add(where, "`constraints` debe ser un diccionario.")
        constraints = {}
    problems.check_keys(f"{where}, `constraints`", constraints, c.CONSTRAINT_KEYS)
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.add(where, "`aliases` debe ser una lista de textos.")
        aliases = []
    protection = build_protection(problems, where, data.get("protection"))
    extras = {"hours_field": data["hours_field"]} if "hours_field" in data else {}
    return c.FieldSpec(
        name=name,
        title=str(data.get("title", "")),
        description=str(data.get("description", "")),
        type=str(data.get("type", "string")),
        format=data.get("format"),
        constraints=constraints,
        aliases=tuple(aliases),
        protection=protection,
        extras=extras,
    )


def _check_cross_field(problems: Problems, fields: list[c.FieldSpec]) -> None:
    """Duplicate names, aliases claimed by two fields, and `hours_field` references."""
    by_name = {spec.name: spec for spec in fields}
    if len(by_name) != len(fields):
        seen: set[str] = set()
        for spec in fields:
            if spec.name in seen:
                problems.add(f"campo `{spec.name}`", "el nombre está repetido.")
            seen.add(spec.name)
    owner: dict[str, str] = {}
    for spec in fields:
        for alias in (spec.name, *spec.aliases):
            key = c.normalize_header(alias)
            if owner.setdefault(key, spec.name) != spec.name:
                problems.add(
                    f"campo `{spec.name}`",
                    f"el alias `{alias}` también lo reclama el campo `{owner[key]}`.",
                )
    for spec in fields:
        target = spec.extras.get("hours_field")
        if target is None:
            continue
        if target not in by_name or by_name[target].type not in ("number", "integer"):
            problems.add(
                f"campo `{spec.name}`", f"`hours_field` `{target}` no es un campo numérico."
            )


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
    _check_cross_field(problems, fields)
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
        header_index=c.build_header_index(tuple(fields)),
    )
