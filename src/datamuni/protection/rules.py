"""Validation of the protection rules a dataset kind declares (Spanish errors at load time)."""

from __future__ import annotations

from typing import Any

from datamuni.catalog import PROTECTION_ACTIONS, DatasetKind, FieldSpec
from datamuni.errors import ConfigurationError
from datamuni.protection.aggregate import OPERATIONS
from datamuni.protection.detectors import DETECTOR_KINDS
from datamuni.protection.generalize import TARGETS

ALLOWED_PARAMS: dict[str, frozenset[str]] = {
    "publicar": frozenset({"allow"}),
    "eliminar": frozenset(),
    "seudonimizar": frozenset(),
    "enmascarar": frozenset({"allow"}),
    "generalizar": frozenset({"to", "bands", "field"}),
    "agregar": frozenset(),
}
MEASURE_FUNCTIONS = OPERATIONS


def _error(kind: DatasetKind, message: str, hint: str) -> ConfigurationError:
    """A ConfigurationError that names the dataset kind."""
    return ConfigurationError(f"Tipo de dataset `{kind.name}`: {message}", hint)


def validate_field(kind: DatasetKind, spec: FieldSpec) -> None:
    """Check one field's protection action and parameters."""
    action, params = spec.protection.action, spec.protection.params
    if action not in PROTECTION_ACTIONS:
        raise _error(
            kind,
            f"el campo `{spec.name}` declara la acción de protección desconocida `{action}`.",
            f"Use una de: {', '.join(PROTECTION_ACTIONS)}.",
        )
    unknown = sorted(set(params) - ALLOWED_PARAMS[action])
    if unknown:
        raise _error(
            kind,
            f"el campo `{spec.name}` (acción `{action}`) tiene parámetros desconocidos: "
            + ", ".join(f"`{name}`" for name in unknown)
            + ".",
            f"Parámetros válidos para `{action}`: "
            f"{', '.join(sorted(ALLOWED_PARAMS[action])) or 'ninguno'}.",
        )
    allow = params.get("allow", [])
    if not isinstance(allow, list | tuple) or any(item not in DETECTOR_KINDS for item in allow):
        raise _error(
            kind,
            f"el campo `{spec.name}` tiene `allow: {allow}` no válido.",
            f"Use una lista con tipos de detector: {', '.join(DETECTOR_KINDS)} "
            "(normalmente `rut_empresa`).",
        )
    if action == "generalizar":
        _validate_generalize(kind, spec, params)


def _validate_generalize(kind: DatasetKind, spec: FieldSpec, params: dict[str, Any]) -> None:
    """`generalizar` needs `to` in the known targets; `rango` needs increasing `bands`."""
    target = params.get("to")
    if target not in TARGETS:
        raise _error(
            kind,
            f"el campo `{spec.name}` declara `generalizar` con `to: {target}`.",
            f"Indique `to:` con uno de: {', '.join(TARGETS)}.",
        )
    bands = params.get("bands")
    if target == "rango" and bands is None:
        raise _error(
            kind,
            f"el campo `{spec.name}` generaliza a `rango` sin `bands`.",
            "Agregue `bands: [0, 500000, 1000000]`.",
        )
    if bands is not None:
        numeric = isinstance(bands, list | tuple) and all(isinstance(b, int | float) for b in bands)
        if not numeric or len(bands) < 2 or list(bands) != sorted(set(bands)):
            raise _error(
                kind,
                f"el campo `{spec.name}` tiene `bands: {bands}` no válido.",
                "Use una lista creciente de al menos dos números, como `[0, 18, 30, 45, 60]`.",
            )
    source = params.get("field")
    if source is not None and source not in kind.field_names:
        raise _error(
            kind,
            f"el campo `{spec.name}` toma la comuna de `{source}`, que no existe.",
            "Use un campo del esquema.",
        )


def validate_protection(kind: DatasetKind) -> None:
    """Check every protection rule of `kind`; a Spanish ConfigurationError on the first problem."""
    for spec in kind.fields:
        validate_field(kind, spec)
    names = set(kind.field_names)
    for name in kind.quasi_identifiers:
        if name not in names:
            raise _error(
                kind,
                f"el cuasi-identificador `{name}` no es un campo del esquema.",
                "Corrija `quasi_identifiers`.",
            )
        if kind.field(name).protection.action in ("eliminar", "seudonimizar"):
            raise _error(
                kind,
                f"el cuasi-identificador `{name}` se elimina o seudonimiza: no se publica.",
                "Quítelo de `quasi_identifiers` o cambie su acción.",
            )
    aggregated = [spec.name for spec in kind.fields if spec.protection.action == "agregar"]
    if kind.aggregation is None:
        if aggregated:
            raise _error(
                kind,
                f"los campos {', '.join(f'`{n}`' for n in aggregated)} declaran `agregar` "
                "pero falta `aggregation`.",
                "Declare `aggregation: {dimensions: [...], measures: {campo: sum}}`.",
            )
        return
    _validate_aggregation(kind, kind.aggregation, names)


def _validate_aggregation(kind: DatasetKind, aggregation: dict[str, Any], names: set[str]) -> None:
    """Dimensions and measures must be published fields; measures use a known function."""
    unknown_keys = sorted(set(aggregation) - {"dimensions", "measures", "count_field"})
    if unknown_keys:
        raise _error(
            kind,
            f"`aggregation` tiene claves desconocidas: {', '.join(unknown_keys)}.",
            "Use `dimensions`, `measures` y `count_field`.",
        )
    dimensions = aggregation.get("dimensions") or []
    measures = aggregation.get("measures") or {}
    if not dimensions:
        raise _error(
            kind,
            "`aggregation` no declara `dimensions`.",
            "Indique los campos por los que se agrega.",
        )
    for name in [*dimensions, *measures]:
        if name not in names:
            raise _error(
                kind,
                f"`aggregation` usa el campo `{name}`, que no existe.",
                "Use campos del esquema.",
            )
        if kind.field(name).protection.action in ("eliminar", "seudonimizar"):
            raise _error(
                kind,
                f"`aggregation` usa el campo `{name}`, que se elimina o seudonimiza.",
                "Cambie su acción a `agregar`.",
            )
    for name, function in measures.items():
        if function not in MEASURE_FUNCTIONS:
            raise _error(
                kind,
                f"la medida `{name}` usa la función `{function}`.",
                f"Use una de: {', '.join(MEASURE_FUNCTIONS)}.",
            )
