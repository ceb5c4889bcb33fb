"""Builds the `FieldSpec`s of a schema: each field, its protection, the checks across fields."""

from __future__ import annotations

import difflib
from typing import Any

from datamuni import catalog as c
from datamuni.kind_headers import normalize_header
from datamuni.schema_problems import Problems


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


def check_cross_field(problems: Problems, fields: list[c.FieldSpec]) -> None:
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
            key = normalize_header(alias)
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
