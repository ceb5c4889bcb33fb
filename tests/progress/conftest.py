"""Shared fixtures: a fresh SQLite store and the 345 municipalities of the CUT reference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from datamuni.progress import Municipality, ProgressStore, reference_municipalities


@pytest.fixture(scope="session")
def municipalities() -> list[Municipality]:
    """The 345 municipalities (346 comunas minus Antártica, run by Cabo de Hornos)."""
    return reference_municipalities()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    """A fresh SQLite progress store."""
    with ProgressStore(f"sqlite:///{tmp_path / 'progreso.sqlite'}") as opened:
        yield opened
