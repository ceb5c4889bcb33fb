"""Pipeline stand-in for the flow wiring tests (never used by integration tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CANARY = "12.345.678-5 juan.perez@gmail.com"


@dataclass
class FakePublish:
    dataset_url: str
    action: str = "creado"


@dataclass
class FakeResult:
    outcome: str
    run_folder: Path
    validation: dict[str, Any]
    protection: dict[str, Any]
    publish: FakePublish | None


@dataclass
class StandIn:
    """Records the calls the flows make to `run_dataset`; may fail on demand."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None

    def run_dataset(self, settings: Any, **kwargs: Any) -> FakeResult:
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        kwargs["on_progress"](50, 100)
        kwargs["on_progress"](100, 100)
        slug = f"{kwargs['municipality']}-{kwargs['kind']}-{kwargs['period']}"
        return FakeResult(
            outcome="publicado",
            run_folder=Path(settings.project_dir) / "runs" / slug,
            validation={
                "filas": 2,
                "filas_validas": 2,
                "ejemplo": CANARY,
                "hallazgos": {"error": 0},
            },
            protection={"celdas_enmascaradas": 1, "detalle": [CANARY]},
            publish=FakePublish(f"{settings.ckan_url}/dataset/{slug}"),
        )
