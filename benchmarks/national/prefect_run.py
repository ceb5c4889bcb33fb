"""`publicar-nacional` through Prefect with one worker, then two, on two equal fresh subsets.

The flows and deployment layout of `prefect.yaml` (`publicar-nacional` launching one
`publicar-municipio` run per municipality), on a process pool of the benchmark's own: the stack's
worker serves `datamuni-procesos` with the demo's settings and would take the runs. Each worker
runs one flow run at a time (`--limit 1`). Both subsets publish a new period (`2026-09`) of
datasets the first publication created, so both do the same kind of work.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from benchmarks.national.world import (
    PREFIX,
    ROOT,
    TOKEN_VARIABLE,
    bench_environment,
    source_bytes,
    write_if_changed,
)
from datamuni.territory import Comuna

POOL = "datamuni-nacional-bench"
PERIOD = "2026-09"
PREFECT = str(ROOT / ".venv" / "bin" / "prefect")


def write_period(
    folder: Path, comunas: list[Comuna], kinds: list[str], rows: int, prefix: str = PREFIX
) -> None:
    """The subset's sources of the new period (configurations resolve `{periodo}`)."""
    for comuna in comunas:
        for kind in kinds:
            path = folder / "municipios" / comuna.code / f"{kind}-{PERIOD}.csv"
            write_if_changed(path, source_bytes(comuna, kind.removeprefix(prefix), PERIOD, rows))


def _deploy(env: dict[str, str]) -> str:
    """Pool and `publicar-municipio/<pool>` deployment; the deployment's full name."""
    from prefect import Flow

    subprocess.run(
        [PREFECT, "work-pool", "create", POOL, "--type", "process", "--overwrite"],
        env=env,
        check=True,
        capture_output=True,
    )
    flow: Any = Flow.from_source(
        source=str(ROOT), entrypoint="flows/publicar.py:publicar_municipio"
    )
    flow.deploy(name=POOL, work_pool_name=POOL, build=False, push=False, print_next_steps=False)
    return f"publicar-municipio/{POOL}"


def _workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    """`count` process workers on the pool, one flow run at a time each."""
    started = []
    for number in range(1, count + 1):
        name = f"nacional-{count}-{number}"
        command = [PREFECT, "worker", "start", "--pool", POOL, "--type", "process"]
        started.append(
            subprocess.Popen(
                [*command, "--name", name, "--limit", "1"],
                cwd=ROOT,
                env=env,
                stdout=(logs / f"{name}.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    time.sleep(8)  # the workers register before the first run is scheduled
    return started


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=60)


def _national(cuts: list[str], deployment: str) -> tuple[float, str]:
    """Run `publicar-nacional` here (its municipality runs go to the pool); seconds and state."""
    from flows.publicar import publicar_nacional

    started = time.perf_counter()
    try:
        runs = publicar_nacional(cuts=cuts, periodo=PERIOD, despliegue=deployment)
        state = "Completed" if all(r["estado"] == "Completed" for r in runs) else "con fallos"
    except RuntimeError as error:
        state = f"falló: {error}"[:200]
    return time.perf_counter() - started, state


def compare_workers(
    folder: Path,
    ckan_url: str,
    token: SecretStr,
    comunas: list[Comuna],
    options: argparse.Namespace,
) -> dict[str, Any]:
    """One worker on subset A, two workers on subset B (same size); times and speed-up."""
    size = options.prefect_municipios
    subsets = [comunas[:size], comunas[size : 2 * size]]
    kinds = sorted(path.stem for path in (folder / "schemas").glob("*.yaml"))
    env = {**os.environ, **bench_environment(folder, ckan_url)}
    env.update(
        {
            TOKEN_VARIABLE: token.get_secret_value(),
            "DATAMUNI_SUITE_ENGINE": options.suite,
            "PREFECT_API_URL": env.get("PREFECT_API_URL", "http://127.0.0.1:4200/api"),
            "PREFECT_WORKER_QUERY_SECONDS": "2",
            "DO_NOT_TRACK": "1",
        }
    )
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DATAMUNI_", "PREFECT_"))})
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    deployment = _deploy(env)
    runs: list[dict[str, Any]] = []
    for workers, subset in zip((1, 2), subsets, strict=True):
        write_period(folder, subset, kinds, options.filas, options.prefijo)
        started = _workers(workers, env, logs)
        try:
            seconds, state = _national([c.code for c in subset], deployment)
        finally:
            _stop(started)
        count = len(subset) * len(kinds)
        runs.append(
            {
                "workers": workers,
                "municipios": len(subset),
                "primer_cut": subset[0].code if subset else "",
                "conjuntos": count,
                "segundos": round(seconds, 2),
                "conjuntos_por_segundo": round(count / seconds, 3) if seconds else None,
                "estado": state,
            }
        )
    ratio = runs[0]["segundos"] / runs[1]["segundos"] if runs[1]["segundos"] else 0.0
    return {
        "descripcion": (
            f"subconjuntos de {size} municipios × {len(kinds)} tipos, periodo nuevo {PERIOD} "
            f"(1 worker: municipios 1–{size} por CUT; 2 workers: {size + 1}–{2 * size}); pool "
            f"`{POOL}`, `--limit 1` por worker"
        ),
        "corridas": runs,
        "aceleracion": round(ratio, 2),
    }
