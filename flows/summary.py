"""What a flow keeps of one pipeline run: counts, outcome and URLs — never personal values."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import UUID

from prefect.artifacts import (
    create_link_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)


@dataclass(frozen=True)
class RunSummary:
    """JSON-safe digest of a `RunResult`: persisted as the task result and shown as artifacts."""

    cut: str
    kind: str
    period: str
    outcome: str
    run_folder: str = ""
    dataset_url: str | None = None
    action: str | None = None
    validation: dict[str, int] = field(default_factory=dict)
    protection: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (the task's persisted JSON result)."""
        return asdict(self)


def counts_of(report: Mapping[str, Any] | None, prefix: str = "") -> dict[str, int]:
    """The integer counts of a report dict, flattened (`hallazgos.error`), nothing else."""
    found: dict[str, int] = {}
    for key, value in (report or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            found[name] = value
        elif isinstance(value, Mapping):
            found.update(counts_of(value, prefix=f"{name}."))
    return found


def summarize(result: Any, cut: str, kind: str, period: str) -> RunSummary:
    """Digest a pipeline `RunResult` (only counts, outcome and public URLs survive)."""
    published = getattr(result, "publish", None)
    folder = getattr(result, "run_folder", None)
    return RunSummary(
        cut=cut,
        kind=kind,
        period=period,
        outcome=str(getattr(result, "outcome", "fallido")),
        run_folder=str(getattr(folder, "path", folder) or ""),
        dataset_url=getattr(published, "dataset_url", None),
        action=None if published is None else str(getattr(published, "action", "")),
        validation=counts_of(getattr(result, "validation", None)),
        protection=counts_of(getattr(result, "protection", None)),
    )


def artifact_key(*parts: str) -> str:
    """An artifact key Prefect accepts (lower-case letters, digits and dashes)."""
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")


def publish_artifacts(summary: RunSummary) -> list[UUID]:
    """Validation table, protection counts and the CKAN link of one run."""
    key = artifact_key(summary.cut, summary.kind)
    where = f"{summary.cut} · {summary.kind} · {summary.period}"
    made: list[Any] = [
        create_table_artifact(
            [{"indicador": k, "valor": v} for k, v in sorted(summary.validation.items())]
            + [{"indicador": "resultado", "valor": summary.outcome}],
            key=f"validacion-{key}",
            description=f"Resumen de validación ({where})",
        ),
        create_table_artifact(
            [{"indicador": k, "valor": v} for k, v in sorted(summary.protection.items())],
            key=f"proteccion-{key}",
            description=f"Protección de datos personales: solo conteos ({where})",
        ),
    ]
    if summary.dataset_url:
        made.append(
            create_link_artifact(
                summary.dataset_url,
                link_text=f"Conjunto en CKAN ({where})",
                key=f"ckan-{key}",
                description=f"Publicado en CKAN: {summary.action or summary.outcome}",
            )
        )
    return made


class ProgressReporter:
    """`on_progress` callback: keeps a Prefect progress artifact up to date, at most every 2 s."""

    def __init__(self, description: str, interval_seconds: float = 2.0) -> None:
        self.description = description
        self.interval = interval_seconds
        self.artifact_id: UUID | None = None
        self.last = 0.0
        self.percent = 0.0

    def __call__(self, done: float, total: float | None = None) -> None:
        """Accept `(done, total)` counts or a fraction in [0, 1]."""
        fraction = done / total if total else done if done <= 1 else 0.0
        self.percent = max(self.percent, min(100.0, round(fraction * 100, 1)))
        now = time.monotonic()
        if self.artifact_id is None:
            created: Any = create_progress_artifact(self.percent, description=self.description)
            self.artifact_id = created
            self.last = now
        elif now - self.last >= self.interval or self.percent >= 100.0:
            update_progress_artifact(self.artifact_id, self.percent)
            self.last = now

    def finish(self) -> None:
        """Mark the progress artifact complete (created at 100 % when no row had to be read)."""
        if self.artifact_id is None:
            self.artifact_id = create_progress_artifact(100.0, description=self.description)  # type: ignore[assignment]
            self.percent = 100.0
        elif self.percent < 100.0:
            update_progress_artifact(self.artifact_id, 100.0)
