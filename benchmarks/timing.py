"""What every measurement shares: the kind measured, its settings, and a wall/CPU clock."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

KIND = "remuneraciones"
PROJECT_DIR = Path(__file__).resolve().parent.parent
PSEUDONYM_KEY = "clave-de-benchmark-no-secreta"

Result = dict[str, Any]


class Clock:
    """Wall and CPU time (all threads of this process) since it was started."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def elapsed(self) -> dict[str, float]:
        """`seconds` (wall) and `cpu_seconds` so far."""
        return {
            "seconds": time.perf_counter() - self.wall,
            "cpu_seconds": time.process_time() - self.cpu,
        }


def settings_for(workdir: Path) -> Any:
    """Settings whose runs and packages go under `workdir` (never the checkout's folders)."""
    from pydantic import SecretStr

    from datamuni.settings import Settings

    return Settings(
        project_dir=PROJECT_DIR,
        runs_dir=workdir / "runs",
        datapackages_dir=workdir / "datapackages",
        pseudonym_key=SecretStr(PSEUDONYM_KEY),
    )
