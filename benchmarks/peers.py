"""The peers measured beside datamuni: the pyarrow floor, frictionless, Great Expectations."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.synth import PERIOD
from benchmarks.timing import KIND, Clock, Result, settings_for


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
