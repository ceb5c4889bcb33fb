"""Dataset kinds: loads `schemas/*.yaml` and `validators/*` into `DatasetKind` objects."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datamuni.errors import ConfigurationError

if TYPE_CHECKING:
    from datamuni.settings import Settings

PROTECTION_ACTIONS = (
    "publicar",
    "eliminar",
    "seudonimizar",
    "enmascarar",
    "generalizar",
    "agregar",
)


@dataclass(frozen=True)
class ProtectionSpec:
    """The one protection action a field declares, with its parameters (see issue 4)."""

    action: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a dataset kind: Table Schema part plus datamuni extensions."""

    name: str
    title: str
    description: str
    type: str
    format: str | None
    constraints: dict[str, Any]
    aliases: tuple[str, ...]
    protection: ProtectionSpec
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        """Whether the field must have a value in every row."""
        return bool(self.constraints.get("required", False))


@dataclass(frozen=True)
class CatalogMeta:
    """CKAN catalogue metadata of a dataset kind (Spanish)."""

    title_pattern: str
    description: str
    frequency: str
    group: str
    keywords: tuple[str, ...]
    licence: str


@dataclass(frozen=True)
class Policy:
    """When the whole dataset is blocked instead of publishing the valid rows."""

    max_invalid_ratio: float
    block_on_missing_required_column: bool = True


@dataclass(frozen=True)
class DatasetKind:
    """A dataset kind (remuneraciones, compras...): schema, aliases, rules, catalogue metadata."""

    name: str
    version: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]
    missing_values: tuple[str, ...]
    catalog: CatalogMeta
    policy: Policy
    quasi_identifiers: tuple[str, ...] = ()
    aggregation: dict[str, Any] | None = None
    suite: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    """Free-form layout notes for readers (e.g. `wide_layout` of SINIM exports)."""
    source_path: str = ""
    """The schema file this kind was loaded from (for error messages)."""
    header_index: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """normalize_header(name or alias) -> field name; filled by the loader."""

    def field(self, name: str) -> FieldSpec:
        """The field called `name` (KeyError if absent)."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Field names in schema order."""
        return tuple(spec.name for spec in self.fields)


FIELD_TYPES = ("string", "integer", "number", "date", "year", "boolean")
FIELD_FORMATS = ("default", "email", "uri")
GENERALIZE_TO = ("mes", "anio", "banda_edad", "comuna", "rango")
AGGREGATE_OPERATIONS = ("sum", "count", "min", "max", "mean")
FREQUENCIES = ("diaria", "semanal", "mensual", "trimestral", "semestral", "anual", "eventual")
PROTECTION_PARAMS: dict[str, tuple[str, ...]] = {
    "publicar": ("allow",),
    "eliminar": (),
    "seudonimizar": (),
    "enmascarar": ("allow",),
    "generalizar": ("to", "bands"),
    "agregar": (),
}
"""Parameters each protection action accepts besides `action`."""
TOP_KEYS = (
    "name", "version", "title", "description", "catalog", "policy", "quasi_identifiers",
    "aggregation", "missingValues", "primaryKey", "foreignKeys", "fields", "extras",
)  # fmt: skip
TOP_REQUIRED = ("name", "version", "title", "description", "catalog", "policy", "fields")
FIELD_KEYS = (
    "name", "title", "description", "type", "format", "constraints", "aliases", "protection",
    "hours_field",
)  # fmt: skip
FIELD_REQUIRED = ("name", "title", "description", "type", "protection")
CONSTRAINT_KEYS = (
    "required", "unique", "enum", "minimum", "maximum", "pattern", "minLength", "maxLength",
)  # fmt: skip
CATALOG_KEYS = ("title_pattern", "description", "frequency", "group", "keywords", "licence")
POLICY_KEYS = ("max_invalid_ratio", "block_on_missing_required_column")
AGGREGATION_KEYS = ("dimensions", "measures", "count_field")
DATAMUNI_FIELD_KEYS = ("aliases", "protection", "hours_field")
"""Field keys that are datamuni extensions, stripped from the pure Table Schema."""
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def load_catalog(schemas_dir: Path, validators_dir: Path | None = None) -> dict[str, DatasetKind]:
    """Every `schemas/*.yaml` as a validated `DatasetKind`, keyed by name.

    Suites come from `validators_dir` (default: `validators/` beside `schemas_dir`).
    """
    if not schemas_dir.is_dir():
        raise ConfigurationError(
            f"No existe la carpeta de esquemas `{schemas_dir}`.",
            "Revise `project_dir` en la configuración.",
        )
    paths = sorted(schemas_dir.glob("*.yaml"))
    if not paths:
        raise ConfigurationError(f"La carpeta `{schemas_dir}` no tiene esquemas `*.yaml`.")
    validators = validators_dir if validators_dir is not None else schemas_dir.parent / "validators"
    return {kind.name: kind for kind in (load_kind(path, validators) for path in paths)}


def catalog_from_settings(settings: Settings) -> dict[str, DatasetKind]:
    """The catalogue of the project in `settings.project_dir` (`schemas/`, `validators/`)."""
    return load_catalog(settings.resolve(Path("schemas")), settings.resolve(Path("validators")))


def load_kind(path: Path, validators_dir: Path | None = None) -> DatasetKind:
    """One schema file as a validated `DatasetKind` (Spanish `ConfigurationError` if wrong)."""
    from datamuni import schema_checks  # the checks import this module's dataclasses

    problems = schema_checks.Problems(path)
    kind = schema_checks.build_kind(problems, schema_checks.read_yaml(path))
    problems.raise_if_any()
    suite = schema_checks.read_suite(kind.name, validators_dir)
    _check_suite_columns(kind, suite, validators_dir)
    return replace(kind, suite=suite)


def _check_suite_columns(kind: DatasetKind, suite: dict[str, Any], folder: Path | None) -> None:
    """A rule naming a column the schema lacks would silently never run: refuse it at load."""
    from datamuni.validation.suite_spec import parse_suite

    for item in parse_suite(suite, kind.name).expectations:
        unknown = [column for column in item.columns if column not in kind.field_names]
        if unknown:
            near = difflib.get_close_matches(unknown[0], sorted(kind.field_names), n=1)
            raise ConfigurationError(
                f"La regla `{item.id}` de `{folder}/{kind.name}.yaml` nombra la columna "
                f"`{unknown[0]}`, que no existe en el esquema `{kind.name}`."
                + (f" ¿Quiso decir `{near[0]}`?" if near else ""),
                "Corrija el nombre de la columna en la regla.",
            )
