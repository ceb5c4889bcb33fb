"""Differential check against frictionless: the reference for the constraints both engines support.

Reusable by the benchmarks: `compare_with_frictionless(csv_path, kind, settings, run)` validates one
UTF-8 CSV whose headers are the field names with both engines and returns what differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from datamuni.catalog import DatasetKind
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.batches import numbered_batches
from datamuni.sources.table import SourceColumn, SourceTable
from datamuni.validation.findings import Finding
from datamuni.validation.validator import Validator

ErrorKey = tuple[int, str, str]
"""(row number, field name or "" for row errors, frictionless error type)."""
COMPARABLE = ("type-error", "constraint-error", "primary-key")
RULE_TO_FRICTIONLESS = {
    "type-error": "type-error",
    "required": "constraint-error",
    "enum": "constraint-error",
    "minimum": "constraint-error",
    "maximum": "constraint-error",
    "pattern": "constraint-error",
    "minLength": "constraint-error",
    "maxLength": "constraint-error",
    "unique": "primary-key",
    "primary-key-empty": "primary-key",
}


@dataclass(frozen=True)
class Difference:
    """Errors only one engine reported (both empty: the engines agree)."""

    only_datamuni: frozenset[ErrorKey]
    only_frictionless: frozenset[ErrorKey]
    common: int

    @property
    def equal(self) -> bool:
        """Whether both engines found exactly the same errors."""
        return not self.only_datamuni and not self.only_frictionless


def table_schema_descriptor(kind: DatasetKind) -> dict[str, Any]:
    """Pure Frictionless Table Schema of `kind` (no aliases, protection or hours_field)."""
    fields: list[dict[str, Any]] = []
    for spec in kind.fields:
        entry: dict[str, Any] = {
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "type": spec.type,
        }
        if spec.format is not None:
            entry["format"] = spec.format
        if spec.constraints:
            entry["constraints"] = dict(spec.constraints)
        fields.append(entry)
    descriptor: dict[str, Any] = {"fields": fields, "missingValues": list(kind.missing_values)}
    if kind.primary_key:
        descriptor["primaryKey"] = list(kind.primary_key)
    if kind.foreign_keys:
        descriptor["foreignKeys"] = [dict(foreign_key) for foreign_key in kind.foreign_keys]
    return descriptor


def plain_csv_table(path: Path, kind: DatasetKind, batch_rows: int = 65_536) -> SourceTable:
    """A UTF-8, comma-separated CSV with field-name headers, streamed as text batches."""
    with path.open("rb") as handle:
        headers = pacsv.open_csv(handle).schema.names
    known = set(kind.field_names)
    columns = [SourceColumn(h, h if h in known else None, i) for i, h in enumerate(headers)]

    def open_batches() -> Iterator[pa.RecordBatch]:
        types = {h: pa.string() for h in headers}
        options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=False)
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=1 << 22), convert_options=options
        )
        names = [c.batch_name for c in columns]
        yield from numbered_batches(iter(reader), batch_rows, 2, names)

    return SourceTable(str(path), "csv", kind.name, columns, 1, open_batches)


def datamuni_errors(findings: Iterable[Finding]) -> set[ErrorKey]:
    """datamuni findings in frictionless terms (rules frictionless lacks are left out)."""
    keys = set()
    for finding in findings:
        error_type = RULE_TO_FRICTIONLESS.get(finding.rule)
        if error_type is not None and finding.row is not None:
            field = "" if error_type == "primary-key" else finding.field or ""
            keys.add((finding.row, field, error_type))
    return keys


def frictionless_errors(path: Path, descriptor: dict[str, Any]) -> set[ErrorKey]:
    """What `frictionless validate` reports on the file, limited to the comparable error types."""
    from frictionless import Resource, Schema

    resource = Resource(
        path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(descriptor)
    )
    report = resource.validate(limit_errors=10_000_000)
    keys = set()
    for task in report.tasks:
        for error in task.errors:
            error_type = getattr(error, "type", "")
            if error_type not in COMPARABLE and not hasattr(error, "row_number"):
                raise RuntimeError(f"frictionless no pudo leer `{path}`: {error.message}")
            if error_type in COMPARABLE:
                field = "" if error_type == "primary-key" else getattr(error, "field_name", "")
                keys.add((int(getattr(error, "row_number", 0)), field, error_type))
    return keys


def compare_with_frictionless(
    path: Path, kind: DatasetKind, settings: Settings, run: RunFolder
) -> Difference:
    """Validate `path` with datamuni (schema checks, no suite) and frictionless; return the diff."""
    validator = Validator(
        kind,
        settings,
        run,
        period=None,
        municipality=None,
        suite_engine="off",
        max_findings_per_rule=10_000_000,
    )
    for _ in validator.validate(plain_csv_table(path, kind, settings.batch_rows)):
        pass
    ours = datamuni_errors(validator.report.findings)
    descriptor = table_schema_descriptor(kind)
    # Frictionless resolves a foreign key only inside a package holding the referenced resource
    # (the comunas list); datamuni checks the municipality elsewhere, so compare without it.
    descriptor.pop("foreignKeys", None)
    theirs = frictionless_errors(path, descriptor)
    return Difference(frozenset(ours - theirs), frozenset(theirs - ours), len(ours & theirs))
