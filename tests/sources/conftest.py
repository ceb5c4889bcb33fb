"""Fixtures of the source reader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings rooted in a temporary folder, small batches to exercise batching."""
    return Settings(project_dir=tmp_path, batch_rows=4)
