"""One measurement per fresh process: `python -m benchmarks.measures NAME FILE WORKDIR` prints JSON.

Each measurement times its work only (imports and setup excluded, the same for every engine) and
reports the process' peak RSS, so every figure is per measurement.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.peers import floor, frictionless, gx
from benchmarks.synth import MUNICIPALITY, PERIOD
from benchmarks.timing import KIND, Clock, Result, settings_for


def datamuni_full(path: Path, workdir: Path) -> Result:
    """datamuni end to end without CKAN: read, validate (schema + GX suite), protect, package.

    As for the GX peer, importing GX and building its context happen before the clock: datamuni's
    GX worker is started and ready first (a long-lived worker process serves every later run). Its
    CPU up to then is left out of the CPU column too. `datamuni_frio` keeps that start inside.
    """
    from datamuni.catalog import catalog_from_settings
    from datamuni.validation import suite_process

    settings = settings_for(workdir)
    suite_process.warm_up(catalog_from_settings(settings)[KIND]).result()
    setup_cpu = suite_process.worker_cpu_seconds()
    result = datamuni_cold(path, workdir)
    result["worker_setup_cpu_seconds"] = setup_cpu
    return result


def datamuni_cold(path: Path, workdir: Path) -> Result:
    """datamuni end to end as the first run of a fresh process: the GX worker starts inside."""
    from datamuni.pipeline import run_dataset

    settings = settings_for(workdir)
    clock = Clock()
    result = run_dataset(
        settings, source=path, kind=KIND, municipality=MUNICIPALITY, period=PERIOD, publish=False
    )
    timing = clock.elapsed()
    return {
        **timing,
        "rows": int(result.rows_total),
        "rows_valid": int(result.rows_valid),
        "rows_quarantined": int(result.rows_quarantined),
        "rows_packaged": result.package.rows if result.package else 0,
        "outcome": result.outcome,
        "suite_errors": (result.validation.get("suite") or {}).get("errores", {}),
    }


def datamuni_schema_only(path: Path, workdir: Path) -> Result:
    """datamuni read + validate (Table Schema checks only, suite off) + protect; no package.

    The stages run in threads exactly as `run_dataset` runs them.
    """
    from datamuni.catalog import catalog_from_settings
    from datamuni.prefetch import prefetched
    from datamuni.protection.protector import Protector
    from datamuni.runs import RunFolder
    from datamuni.sources.read import read_source
    from datamuni.validation.validator import Validator

    settings = settings_for(workdir)
    catalog = catalog_from_settings(settings)
    kind = catalog[KIND]
    clock = Clock()
    table = read_source(path, settings, kind=kind, catalog=catalog, municipality=MUNICIPALITY)
    run = RunFolder.create(settings, MUNICIPALITY, KIND, PERIOD)
    validator = Validator(
        kind, settings, run, period=PERIOD, municipality=MUNICIPALITY, suite_engine="off"
    )
    protector = Protector(kind, settings)
    published = 0
    reading = table.open_batches  # the stages overlap in threads, as in `run_dataset`
    table.open_batches = lambda: prefetched(reading(), ahead=1, name="lectura")
    validating = prefetched(validator.validate(table), ahead=1, name="validacion")
    for batch in protector.protect(validating):
        published += batch.num_rows
    timing = clock.elapsed()
    report = validator.report
    return {
        **timing,
        "rows": report.rows_total,
        "rows_valid": report.rows_valid,
        "rows_quarantined": report.rows_quarantined,
        "rows_published": published,
    }


MEASURES: dict[str, Callable[[Path, Path], Result]] = {
    "floor": floor,
    "frictionless": frictionless,
    "gx": gx,
    "datamuni": datamuni_full,
    "datamuni_frio": datamuni_cold,
    "datamuni_sin_suite": datamuni_schema_only,
}


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_after_shutdown() -> dict[str, float]:
    """CPU and peak RSS of this measurement's worker processes (GX), once they have ended."""
    if "datamuni.validation.suite_process" in sys.modules:
        sys.modules["datamuni.validation.suite_process"].shutdown()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def main(argv: list[str]) -> None:
    """Child entry point: run one measurement and print its JSON on the last line."""
    name, path, workdir = argv[0], Path(argv[1]), Path(argv[2])
    workdir.mkdir(parents=True, exist_ok=True)
    result = MEASURES[name](path, workdir)
    own = peak_rss_mb()
    children = _children_after_shutdown()
    # the GX worker process is part of datamuni's cost: its CPU is added and its peak RSS summed
    # with this process' peak (an upper bound of what both held at once)
    setup = result.get("worker_setup_cpu_seconds", 0.0)  # GX imported before the clock
    result["cpu_seconds"] = result.get("cpu_seconds", 0.0) + children["cpu_seconds"] - setup
    result["peak_rss_self_mb"] = round(own, 1)
    result["peak_rss_children_mb"] = round(children["peak_rss_mb"], 1)
    result["peak_rss_mb"] = round(own + children["peak_rss_mb"], 1)
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
