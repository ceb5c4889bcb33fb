"""Register the deployments of `prefect.yaml` programmatically (same definitions, one source)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow
from prefect.schedules import Schedule

PROJECT = Path(__file__).resolve().parent.parent


def load_definitions(path: Path = PROJECT / "prefect.yaml") -> list[dict[str, Any]]:
    """The deployments declared in `prefect.yaml` (anchors resolved)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["deployments"])


def schedules_of(definition: dict[str, Any]) -> list[Schedule]:
    """Cron schedules (with time zone) of one deployment definition."""
    return [
        Schedule(cron=item["cron"], timezone=item.get("timezone", "America/Santiago"))
        for item in definition.get("schedules") or []
    ]


def deploy_all(project: Path = PROJECT, work_pool: str | None = None) -> list[str]:
    """Register every deployment against `PREFECT_API_URL`; return `flow/deployment` names."""
    names = []
    for definition in load_definitions(project / "prefect.yaml"):
        flow: Flow[Any, Any] = Flow.from_source(  # type: ignore[assignment]
            source=str(project), entrypoint=definition["entrypoint"]
        )
        flow.deploy(  # type: ignore[call-overload,unused-ignore]
            name=definition["name"],
            work_pool_name=work_pool or definition["work_pool"]["name"],
            work_queue_name=definition["work_pool"].get("work_queue_name"),
            parameters=definition.get("parameters") or {},
            schedules=schedules_of(definition),
            description=definition.get("description"),
            tags=definition.get("tags") or [],
            build=False,
            push=False,
            print_next_steps=False,
            ignore_warnings=True,
        )
        names.append(f"{flow.name}/{definition['name']}")
    return names


if __name__ == "__main__":
    for registered in deploy_all(work_pool=sys.argv[1] if len(sys.argv) > 1 else None):
        print(f"Despliegue registrado: {registered}")
