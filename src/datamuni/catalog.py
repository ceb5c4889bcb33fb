"""Dataset kinds: loads `schemas/*.yaml` and `validators/*` into `DatasetKind` objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROTECTION_ACTIONS = ("publicar", "eliminar", "seudonimizar", "enmascarar", "generalizar", "agregar")


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
