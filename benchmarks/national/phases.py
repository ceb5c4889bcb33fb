"""One measured phase: publish jobs behind the counting proxy and summarize what CKAN saw."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from benchmarks.national.proxy import CountingProxy, is_write
from benchmarks.national.runner import publish_jobs
from benchmarks.national.world import Job


def summarize_calls(calls: Counter[str], datasets: int) -> dict[str, Any]:
    """Reads and writes by action, in total and per dataset (as the proxy counted them)."""
    reads = {action: n for action, n in sorted(calls.items()) if not is_write(action)}
    writes = {action: n for action, n in sorted(calls.items()) if is_write(action)}
    per = max(datasets, 1)
    return {
        "lecturas": sum(reads.values()),
        "escrituras": sum(writes.values()),
        "lecturas_por_conjunto": round(sum(reads.values()) / per, 3),
        "escrituras_por_conjunto": round(sum(writes.values()) / per, 3),
        "lecturas_por_accion": reads,
        "escrituras_por_accion": writes,
        "lecturas_por_accion_por_conjunto": {a: round(n / per, 3) for a, n in reads.items()},
        "escrituras_por_accion_por_conjunto": {a: round(n / per, 3) for a, n in writes.items()},
    }


def run_phase(
    name: str,
    jobs: list[Job],
    folder: Path,
    proxy: CountingProxy,
    token: SecretStr,
    processes: int,
    suite_engine: str,
    fast: bool = True,
) -> dict[str, Any]:
    """Publish `jobs` through the proxy; wall time, throughput, calls and outcomes."""
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    before = proxy.snapshot()
    wall, outcomes = publish_jobs(jobs, folder, proxy.url, token, processes, suite_engine, fast)
    calls = proxy.snapshot()
    calls.subtract(before)
    calls = +calls  # drop zero counts
    count = len(jobs)
    failed = [o for o in outcomes if o["outcome"] == "fallido"]
    return {
        "fase": name,
        "fecha": started,
        "conjuntos": count,
        "procesos": processes,
        "atajo_sin_cambios": fast,
        "segundos": round(wall, 2),
        "conjuntos_por_segundo": round(count / wall, 2) if wall else None,
        "resultados": dict(Counter(o["outcome"] for o in outcomes)),
        "acciones": dict(Counter(o["action"] or "-" for o in outcomes)),
        "fallidos": [f"{o['cut']} {o['kind']}: {o['error']}" for o in failed][:20],
        "proxy": summarize_calls(calls, count),
        "instrumentacion": {
            "lecturas": sum(o["reads"] for o in outcomes),
            "escrituras": sum(o["writes"] + o["datastore_writes"] for o in outcomes),
            "lecturas_max_por_conjunto": max((o["reads"] for o in outcomes), default=0),
        },
        "segundos_por_conjunto_mediana": _median([o["seconds"] for o in outcomes]),
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 4)
