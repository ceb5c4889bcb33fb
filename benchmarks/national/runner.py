"""Publish a list of jobs in worker processes through `datamuni.incremental.run_incremental`.

The same function the `ejecutar-conjunto` task calls, without Prefect around it: each process
builds its settings once, keeps one CKAN client (one keep-alive connection) for the fast path and
loads each municipality's configuration once.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from benchmarks.national.world import Job, bench_settings
from datamuni.municipalities import MunicipalityConfig, load_config
from datamuni.publishing.client import CkanClient
from datamuni.publishing.publish import client_for
from datamuni.settings import Settings


@dataclass(frozen=True)
class Outcome:
    """What one dataset's run did, as seen by datamuni's own counters."""

    cut: str
    kind: str
    outcome: str
    action: str
    reads: int
    writes: int
    datastore_writes: int
    seconds: float
    error: str = ""


_state: dict[str, Any] = {}


def _start(folder: str, ckan_url: str, token: str, suite_engine: str, fast: bool) -> None:
    """Worker initializer: settings, token and the fast path's client, once per process."""
    settings = bench_settings(Path(folder), ckan_url, suite_engine=suite_engine)
    secret = SecretStr(token)
    client = client_for(settings, secret)
    _state.update(settings=settings, token=secret, client=client, configs={}, fast=fast)


def _config(settings: Settings, cut: str) -> MunicipalityConfig:
    configs: dict[str, MunicipalityConfig] = _state["configs"]
    if cut not in configs:
        configs[cut] = load_config(settings, cut)
    return configs[cut]


def _publish(job: tuple[str, str, str, str]) -> Outcome:
    """Run one dataset; failures are recorded, never raised (the benchmark goes on)."""
    from datamuni.incremental import run_incremental
    from datamuni.pipeline import run_dataset

    cut, kind, period, source = job
    settings: Settings = _state["settings"]
    client: CkanClient = _state["client"]
    started = time.perf_counter()
    try:
        contact = _config(settings, cut).contraparte.model_dump()
        token: SecretStr = _state["token"]
        job_args: dict[str, Any] = {
            "source": Path(source),
            "kind": kind,
            "municipality": cut,
            "period": period,
            "token": token,
            "contact": contact,
        }
        if _state["fast"]:
            result = run_incremental(settings, client=client, **job_args)
        else:  # the library's path before the fast path: the whole pipeline every time
            result = run_dataset(settings, **job_args)
    except Exception as error:  # one failed dataset must not stop the run
        seconds = time.perf_counter() - started
        return Outcome(cut, kind, "fallido", "", 0, 0, 0, seconds, type(error).__name__)
    published = result.publish
    return Outcome(
        cut,
        kind,
        result.outcome,
        published.action if published else "",
        published.reads if published else 0,
        published.writes if published else 0,
        published.datastore_writes if published else 0,
        time.perf_counter() - started,
        "; ".join(result.block_reasons),
    )


def publish_jobs(
    jobs: list[Job],
    folder: Path,
    ckan_url: str,
    token: SecretStr,
    processes: int,
    suite_engine: str,
    fast: bool = True,
) -> tuple[float, list[dict[str, Any]]]:
    """Publish every job with `processes` worker processes; wall seconds and one dict per job."""
    work = [(job.comuna.code, job.kind, job.period, str(job.source)) for job in jobs]
    context = multiprocessing.get_context("spawn")
    arguments = (str(folder), ckan_url, token.get_secret_value(), suite_engine, fast)
    with context.Pool(processes, initializer=_start, initargs=arguments) as pool:
        pool.map(_warm, range(processes))  # imports and settings before the clock starts
        started = time.perf_counter()
        outcomes = list(pool.imap_unordered(_publish, work, chunksize=1))
        wall = time.perf_counter() - started
    return wall, [asdict(outcome) for outcome in outcomes]


def _warm(_: int) -> bool:
    """Import the pipeline in the worker (excluded from the measured time, like in `make bench`)."""
    import datamuni.incremental  # noqa: F401

    time.sleep(0.2)  # let every worker take one warm-up task
    return True
