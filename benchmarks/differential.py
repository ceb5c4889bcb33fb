"""Differential check on the benchmark file: datamuni's findings vs frictionless' (reused helper).

The library helper `datamuni.validation.differential.compare_with_frictionless` validates a UTF-8
CSV with field-name headers; the cut of the CPLT file is read and normalized by datamuni's own
sources (aliases, decimal comma, dates, placeholders) and written in that form first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from benchmarks.synth import MUNICIPALITY, PERIOD, SCHEMA_BAD_KINDS, manifest_path
from benchmarks.timing import KIND, settings_for


def cut_file(path: Path, rows: int, target: Path) -> Path:
    """The header and the first `rows` data lines of `path` (one row per line in these files)."""
    with path.open("rb") as source, target.open("wb") as out:
        for number, line in enumerate(source):
            if number > rows:
                break
            out.write(line)
    return target


def normalized_csv(path: Path, workdir: Path, target: Path) -> Path:
    """The file as datamuni's sources normalize it, as UTF-8 CSV with field-name headers."""
    from datamuni.catalog import catalog_from_settings
    from datamuni.sources.read import read_source

    settings = settings_for(workdir)
    catalog = catalog_from_settings(settings)
    table = read_source(
        path, settings, kind=catalog[KIND], catalog=catalog, municipality=MUNICIPALITY
    )
    # Frictionless matches fields by position: write every schema field, in schema order.
    names = list(catalog[KIND].field_names)
    schema = pa.schema([pa.field(n, pa.string()) for n in names])
    with pacsv.CSVWriter(str(target), schema) as writer:
        for batch in table.batches():
            columns = [
                batch.column(n).cast(pa.string())
                if n in batch.schema.names
                else pa.nulls(batch.num_rows, pa.string())
                for n in names
            ]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
    return target


def run_differential(path: Path, rows: int, workdir: Path) -> dict[str, Any]:
    """Compare both engines on the first `rows` rows; count injected bad rows they disagree on."""
    from datamuni.catalog import catalog_from_settings
    from datamuni.runs import RunFolder
    from datamuni.validation.differential import compare_with_frictionless

    workdir.mkdir(parents=True, exist_ok=True)
    settings = settings_for(workdir)
    kind = catalog_from_settings(settings)[KIND]
    cut = cut_file(path, rows, workdir / "corte.csv")
    plain = normalized_csv(cut, workdir, workdir / "corte-normalizado.csv")
    run = RunFolder.create(settings, MUNICIPALITY, KIND, PERIOD)
    difference = compare_with_frictionless(plain, kind, settings, run)
    injected = json.loads(manifest_path(path).read_text(encoding="utf-8"))["bad_row_numbers"]
    expected = {int(r) for r, k in injected.items() if int(r) <= rows + 1 and k in SCHEMA_BAD_KINDS}
    flagged = {row for row, _, _ in difference.only_frictionless} | {
        row for row, _, _ in difference.only_datamuni
    }
    return {
        "rows": rows,
        "equal": difference.equal,
        "common": difference.common,
        "only_datamuni": len(difference.only_datamuni),
        "only_frictionless": len(difference.only_frictionless),
        "examples_only_datamuni": sorted(difference.only_datamuni)[:10],
        "examples_only_frictionless": sorted(difference.only_frictionless)[:10],
        "injected_schema_bad_rows": len(expected),
        "injected_rows_in_disagreement": len(expected & flagged),
    }
