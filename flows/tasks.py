"""Prefect tasks: each wraps one typed function of `datamuni` (pipeline, progress, artifacts)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from prefect import Task, get_run_logger, task
from prefect.client.schemas.objects import FlowRun, State, TaskRun
from prefect.context import TaskRunContext
from prefect.deployments import run_deployment
from prefect.runtime import flow_run as current_flow_run

from datamuni.errors import DatamuniError, PublishError
from datamuni.municipalities import SqlQuery, load_config, resolve_token
from flows.runtime import build_settings, ckan_slot, input_hash, install_redaction
from flows.summary import ProgressReporter, RunSummary, publish_artifacts, summarize

OUTCOMES = {"sin cambios": "publicado"}
"""Pipeline outcomes stored under another progress outcome (an unchanged dataset is published)."""
NOT_RECORDED = {"validado", "simulado"}
"""Outcomes of runs that did not try to publish (simulations): no progress event."""


def _transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry network and CKAN failures; a DatamuniError about the data will fail again."""
    try:
        state.result()
    except PublishError:
        return True
    except DatamuniError:
        return False
    except Exception:  # unknown failures (network, database) are retried
        return True
    return False


def _cache_key(context: TaskRunContext, arguments: dict[str, Any]) -> str | None:
    """Prefect cache key: the input hash of the source file, schema and period."""
    return input_hash(build_settings(), arguments)


@task(
    name="ejecutar-conjunto",
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=_transient,
    cache_key_fn=_cache_key,
    cache_expiration=timedelta(days=400),
    persist_result=True,
    result_serializer="json",
)
def ejecutar_conjunto(
    cut: str,
    tipo: str,
    periodo: str,
    fuente: str | SqlQuery,
    publicar: bool = True,
    simulacion: bool = False,
    forzar: bool = False,
) -> dict[str, Any]:
    """Run the whole pipeline for one dataset; the result is a JSON digest (counts and URLs).

    An unchanged dataset is answered from one CKAN read, unless `forzar` asks for a full run.
    """
    from datamuni.incremental import run_incremental

    install_redaction()
    settings = build_settings()
    config = load_config(settings, cut)
    token = resolve_token(config, settings) if publicar and not simulacion else None
    if isinstance(fuente, SqlQuery):
        location: str | Path = fuente.location()  # the URL never becomes a flow parameter
    else:
        location = fuente if "://" in fuente else Path(fuente)
    reporter = ProgressReporter(f"Procesando {tipo} {periodo} de {cut}")
    with ckan_slot(settings):
        result = run_incremental(
            settings,
            source=location,
            kind=tipo,
            municipality=cut,
            period=periodo,
            publish=publicar,
            dry_run=simulacion,
            token=token,
            contact=config.contraparte.model_dump(),
            on_progress=reporter,
            force=forzar,
        )
    reporter.finish()
    summary = summarize(result, cut, tipo, periodo)
    get_run_logger().info(
        "Conjunto %s %s %s: %s %s", cut, tipo, periodo, summary.outcome, summary.dataset_url or ""
    )
    return summary.to_dict()


@task(name="crear-artefactos")
def crear_artefactos(summary: dict[str, Any]) -> int:
    """Validation table, protection counts and CKAN link of one run (every run, cached or not)."""
    return len(publish_artifacts(RunSummary(**summary)))


def _run_id() -> str:
    """The current flow run id (stable across task retries)."""
    return str(current_flow_run.id or uuid.uuid4())


@task(name="registrar-avance", retries=3, retry_delay_seconds=5)
def registrar_avance(
    cut: str, tipo: str, periodo: str, resultado: str, conteos: dict[str, int]
) -> bool:
    """Append the run's outcome to the progress store (idempotent: same run, same event id)."""
    from datamuni.progress import Event, Outcome, ProgressStore

    if resultado in NOT_RECORDED:
        return False
    run_id = _run_id()
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{run_id}/{cut}/{tipo}/{periodo}").hex
    counts = {re.sub(r"[^a-z0-9_.-]+", "_", k.lower())[:64]: v for k, v in conteos.items()}
    event = Event.dataset_run(
        cut,
        tipo,
        periodo,
        Outcome(OUTCOMES.get(resultado, resultado)),
        run_id=run_id,
        counts={k: v for k, v in counts.items() if v >= 0},
        event_id=event_id,
    )
    store = ProgressStore(build_settings().progress_url())
    try:
        return store.record_event(event)
    finally:
        store.close()


@task(name="lanzar-municipio", retries=1, retry_delay_seconds=30)
def lanzar_municipio(cut: str, periodo: str | None, despliegue: str) -> dict[str, str]:
    """Start the municipality's own flow run (a separate flow run on the work pool) and wait."""
    flow_run: FlowRun = run_deployment(  # type: ignore[assignment]
        despliegue,
        parameters={"cut": cut, "periodo": periodo},
        flow_run_name=f"{cut}-{periodo or 'periodo-configurado'}",
        timeout=None,
        poll_interval=3,
        tags=["datamuni", f"cut-{cut}"],
    )
    state = flow_run.state
    name = state.name if state is not None else "desconocido"
    return {"cut": cut, "estado": str(name), "id": str(flow_run.id)}
