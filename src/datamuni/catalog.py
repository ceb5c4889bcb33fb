"""Dataset kinds: loads `schemas/*.yaml` and `validators/*` into `DatasetKind` objects."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
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
MIN_HEADER_COVERAGE = 0.5
"""Share of a file's headers a kind must claim to be recognised."""
AMBIGUITY_MARGIN = 0.1
"""Two kinds closer than this in header coverage are ambiguous."""


def normalize_header(text: str) -> str:
    """Header key: accent-, case-, whitespace- and punctuation-insensitive (`Año` == `ano`)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


def match_header(kind: DatasetKind, header: str) -> FieldSpec | None:
    """The field of `kind` whose name or alias matches `header`, or None."""
    index = kind.header_index or build_header_index(kind.fields)
    name = index.get(normalize_header(header))
    return kind.field(name) if name is not None else None


def build_header_index(fields: tuple[FieldSpec, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in fields:
        for alias in (spec.name, *spec.aliases):
            index.setdefault(normalize_header(alias), spec.name)
    return index


def header_coverage(kind: DatasetKind, headers: Sequence[str]) -> float:
    """Share of the non-empty headers that `kind` claims (wide-layout value columns included)."""
    keys = [header for header in headers if normalize_header(header)]
    if not keys:
        return 0.0
    wide = kind.extras.get("wide_layout", {})
    pattern = re.compile(wide["value_header_pattern"]) if "value_header_pattern" in wide else None
    claimed = sum(
        1
        for header in keys
        if match_header(kind, header) is not None
        or (pattern is not None and pattern.fullmatch(header.strip()))
    )
    return claimed / len(keys)


def recognize_kind(
    catalog: Mapping[str, DatasetKind], headers: Sequence[str]
) -> tuple[DatasetKind, float]:
    """The kind whose aliases cover most headers, with its coverage (0–1); unclear → error."""
    ranked = sorted(
        ((header_coverage(kind, headers), name) for name, kind in catalog.items()), reverse=True
    )
    listing = ", ".join(f"`{name}` ({score:.0%})" for score, name in ranked[:4] if score > 0)
    if not ranked or ranked[0][0] < MIN_HEADER_COVERAGE:
        raise ConfigurationError(
            "No se reconoce el formato del archivo: sus columnas no calzan con ningún tipo de datos"
            + (f" (los más cercanos: {listing})." if listing else "."),
            "Indique el tipo con `--tipo` o agregue los encabezados como `aliases` del esquema.",
        )
    best, name = ranked[0]
    close = [other for score, other in ranked[1:] if best - score < AMBIGUITY_MARGIN]
    if close:
        raise ConfigurationError(
            f"El formato del archivo es ambiguo: calza con {listing}.",
            "Indique el tipo de datos con `--tipo`.",
        )
    return catalog[name], best


def table_schema_descriptor(kind: DatasetKind) -> dict[str, Any]:
    """Pure Frictionless Table Schema of `kind` (no aliases, protection or hours_field)."""
    fields: list[dict[str, Any]] = []
    for spec in kind.fields:
        entry: dict[str, Any] = {
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "type": spec.type,
        }
        if spec.format is not None:
            entry["format"] = spec.format
        if spec.constraints:
            entry["constraints"] = dict(spec.constraints)
        fields.append(entry)
    descriptor: dict[str, Any] = {"fields": fields, "missingValues": list(kind.missing_values)}
    if kind.primary_key:
        descriptor["primaryKey"] = list(kind.primary_key)
    if kind.foreign_keys:
        descriptor["foreignKeys"] = [dict(foreign_key) for foreign_key in kind.foreign_keys]
    return descriptor


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
