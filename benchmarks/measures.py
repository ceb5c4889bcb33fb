"""One measurement per fresh process: `python -m benchmarks.measures NAME FILE WORKDIR` prints JSON.

Each measurement times its work only (imports and setup excluded, the same for every engine) and
reports the process' peak RSS, so every figure is per measurement.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.synth import MUNICIPALITY, PERIOD

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


def floor(path: Path, workdir: Path) -> Result:
    """`pyarrow.csv.read_csv` with the file's parse options (Latin-1, `;`)."""
    import pyarrow.csv as pacsv

    clock = Clock()
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="latin-1"),
        parse_options=pacsv.ParseOptions(delimiter=";"),
    )
    return {**clock.elapsed(), "rows": table.num_rows}


def file_headers(path: Path) -> list[str]:
    """The header line of a benchmark file."""
    with path.open(encoding="latin-1") as handle:
        return handle.readline().rstrip("\n").split(";")


def frictionless_descriptor(path: Path, kind: Any) -> dict[str, Any]:
    """The kind's Table Schema for the raw CPLT file (its headers, decimal comma, dd/mm/aaaa).

    Types, `required`, `enum`, `minimum`/`maximum` and `pattern` come from the schema; the primary
    key too (`remuneraciones` declares none); fields the file lacks are left out.
    """
    from datamuni.kind_headers import match_field

    fields = []
    for header in file_headers(path):
        spec = match_field(kind, header)
        entry: dict[str, Any] = {"name": header, "type": spec.type if spec else "string"}
        if spec is not None and spec.constraints:
            entry["constraints"] = dict(spec.constraints)
        if entry["type"] == "number":
            entry.update(decimalChar=",", groupChar="")
        if entry["type"] == "date":
            entry["format"] = "%d/%m/%Y"
        fields.append(entry)
    descriptor: dict[str, Any] = {"fields": fields, "missingValues": list(kind.missing_values)}
    if kind.primary_key:
        specs = {h: match_field(kind, h) for h in file_headers(path)}
        by_field = {spec.name: h for h, spec in specs.items() if spec is not None}
        descriptor["primaryKey"] = [by_field[name] for name in kind.primary_key]
    return descriptor


def _kind(workdir: Path) -> Any:
    from datamuni.catalog import catalog_from_settings

    return catalog_from_settings(settings_for(workdir))[KIND]


def frictionless(path: Path, workdir: Path) -> Result:
    """Peer 1: `frictionless` Resource.validate with the schema's types and constraints."""
    from frictionless import Dialect, Resource, Schema, formats

    schema = Schema.from_descriptor(frictionless_descriptor(path, _kind(workdir)))
    dialect = Dialect(controls=[formats.CsvControl(delimiter=";")])
    resource_ = Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=schema,
        dialect=dialect,
        encoding="latin-1",
    )
    clock = Clock()
    report = resource_.validate(limit_errors=10_000_000)
    timing = clock.elapsed()
    errors = [e for task in report.tasks for e in task.errors]
    rows = sorted({int(getattr(e, "row_number", 0)) for e in errors if hasattr(e, "row_number")})
    types: dict[str, int] = {}
    for error in errors:
        types[error.type] = types.get(error.type, 0) + 1
    return {
        **timing,
        "rows": report.tasks[0].stats.get("rows", 0) if report.tasks else 0,
        "error_rows": len(rows),
        "error_types": types,
    }


def gx_frame(path: Path, kind: Any) -> Any:
    """The file as a pandas DataFrame with the suite's columns typed (bad cells become nulls)."""
    import pandas as pd

    from datamuni.kind_headers import match_field

    frame = pd.read_csv(
        path, sep=";", encoding="latin-1", dtype=str, keep_default_na=False, engine="pyarrow"
    )
    frame.columns = [(spec.name if (spec := match_field(kind, h)) else h) for h in frame.columns]
    for spec in kind.fields:
        if spec.name not in frame.columns:
            continue
        column = frame[spec.name]
        if spec.type in ("number", "integer"):
            frame[spec.name] = pd.to_numeric(column.str.replace(",", "."), errors="coerce")
        elif spec.type == "date":
            frame[spec.name] = pd.to_datetime(column, format="%d/%m/%Y", errors="coerce")
    return frame


def gx(path: Path, workdir: Path) -> Result:
    """Peer 2: the kind's Great Expectations suite alone, on one pandas DataFrame of the file."""
    import os
    from datetime import date, datetime

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx_
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    from datamuni.validation.suite_spec import parse_suite, resolve_parameters, suite_parameters

    kind = _kind(workdir)
    started = time.perf_counter()
    frame = gx_frame(path, kind)
    prepared = time.perf_counter()
    parameters = suite_parameters(PERIOD, date.today())

    def value(item: Any) -> Any:
        if isinstance(item, date) and not isinstance(item, datetime):
            return datetime(item.year, item.month, item.day)
        return [value(v) for v in item] if isinstance(item, list) else item

    context = gx_.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("bench").add_dataframe_asset(KIND)
    batch_definition = asset.add_batch_definition_whole_dataframe("todo")
    suite = gx_.ExpectationSuite(name=KIND)
    for spec in parse_suite(kind.suite, KIND).expectations:
        kwargs = {k: value(v) for k, v in resolve_parameters(spec.kwargs, parameters).items()}
        suite.add_expectation(
            ExpectationConfiguration(type=spec.expectation.lower(), kwargs=kwargs).to_domain_obj()
        )
    built = time.perf_counter()
    clock = Clock()
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, result_format="SUMMARY"
    )
    timing = clock.elapsed()
    unexpected = {
        str(r.expectation_config.type if r.expectation_config else "?"): int(
            r.result.get("unexpected_count", 0) or 0
        )
        for r in result.results
    }
    return {
        **timing,
        "read_seconds": prepared - started,
        "setup_seconds": built - prepared,
        "rows": len(frame),
        "expectations": len(result.results),
        "unexpected": unexpected,
    }


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
    from datamuni.sources import read_source
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
