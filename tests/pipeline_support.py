"""Settings for running the whole pipeline in a test: this checkout's schemas, tmp folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datamuni.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def isolated_settings(tmp_path: Path, **extra: Any) -> Settings:
    """Runs, packages and state under `tmp_path`; schemas and suites from the checkout."""
    return Settings(
        project_dir=ROOT,
        runs_dir=tmp_path / "runs",
        datapackages_dir=tmp_path / "dp",
        state_dir=tmp_path / "state",
        **extra,
    )
