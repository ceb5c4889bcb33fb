"""Tiny dataset kinds and batches built inline for the protection tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest
from pydantic import SecretStr

from datamuni.catalog import CatalogMeta, DatasetKind, FieldSpec, Policy, ProtectionSpec
from datamuni.settings import Settings

KindFactory = Callable[..., DatasetKind]


def make_field(
    name: str, action: str = "publicar", type_: str = "string", **params: Any
) -> FieldSpec:
    """A field with one protection rule."""
    return FieldSpec(
        name=name,
        title=name,
        description="",
        type=type_,
        format=None,
        constraints={},
        aliases=(),
        protection=ProtectionSpec(action, dict(params)),
    )


def make_kind(
    fields: list[FieldSpec],
    quasi_identifiers: tuple[str, ...] = (),
    aggregation: dict[str, Any] | None = None,
    name: str = "prueba",
) -> DatasetKind:
    """A dataset kind around the given fields."""
    return DatasetKind(
        name=name,
        version="1",
        title=name,
        description="",
        fields=tuple(fields),
        primary_key=(),
        foreign_keys=(),
        missing_values=("",),
        catalog=CatalogMeta("{municipio}", "", "mensual", "", (), "CC-BY-4.0"),
        policy=Policy(max_invalid_ratio=0.1),
        quasi_identifiers=quasi_identifiers,
        aggregation=aggregation,
    )


def make_batch(columns: dict[str, list[str | None]]) -> pa.RecordBatch:
    """A validation-style batch: `_fila` plus string columns."""
    height = len(next(iter(columns.values())))
    arrays = [pa.array(range(2, height + 2), pa.int64())]
    arrays += [pa.array(values, pa.string()) for values in columns.values()]
    return pa.RecordBatch.from_arrays(arrays, names=["_fila", *columns])


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    """Settings with a pseudonym key and k = 3."""
    return Settings(
        project_dir=tmp_path,
        pseudonym_key=SecretStr("clave-de-prueba"),
        k_anonymity=3,
        _env_file=None,
    )
