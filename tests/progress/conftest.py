"""Shared fixtures: a fresh SQLite store and the 345 municipalities from the reference CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from datamuni.progress import Municipality, ProgressStore

COMUNAS_CSV = Path("/work/shared/reference/comunas/cut_2018_v04_from_xls.csv")
ANTARTICA = "12202"  # administered by the municipality of Cabo de Hornos


def load_municipalities() -> list[Municipality]:
    """The 345 municipalities (346 comunas minus Antártica) from the reference CSV."""
    with COMUNAS_CSV.open(encoding="utf-8") as handle:
        return [
            Municipality(
                row["codigo_comuna"],
                row["nombre_comuna"],
                row["codigo_region"],
                row["nombre_region"],
            )
            for row in csv.DictReader(handle)
            if row["codigo_comuna"] != ANTARTICA
        ]


@pytest.fixture(scope="session")
def municipalities() -> list[Municipality]:
    """The 345 municipalities."""
    if not COMUNAS_CSV.is_file():
        pytest.skip("reference CSV not available")
    return load_municipalities()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    """A fresh SQLite progress store."""
    with ProgressStore(f"sqlite:///{tmp_path / 'progreso.sqlite'}") as opened:
        yield opened
