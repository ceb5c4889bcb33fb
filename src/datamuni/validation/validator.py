"""`Validator`: streams a `SourceTable`, yields valid rows, quarantines the rest, fills a report."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import DatasetKind
from datamuni.distinct import RepetitionGuide
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.table import ROW_COLUMN, SourceTable
from datamuni.validation.field_checks import parse_and_check
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import ParsedColumn
from datamuni.validation.quarantine import QUARANTINE_NAME, QuarantineWriter, row_reasons
from datamuni.validation.recording import record_issue
from datamuni.validation.report import ValidationReport
from datamuni.validation.suite import SuiteEngine, SuiteRunner, build_suite_runner
from datamuni.validation.uniqueness import PrimaryKeyIndex

Pending = tuple[pa.RecordBatch, list[Issue], "Future[list[Issue]] | None"]


def _key_text(column: ParsedColumn) -> pa.Array:
    """Key cells as text; empty or badly typed cells count as no value (as in frictionless)."""
    unusable = pc.or_(column.missing, column.type_error)
    return pc.if_else(unusable, pa.scalar(None, pa.string()), column.text)


SUITE_BACKLOG = 7
"""Batches kept waiting for a late suite result: GX gets several batches per call (`GROUP_ROWS`)
and is still starting in its process while the first ones are read."""


def _ready(item: Pending) -> bool:
    """Whether a pending batch can be finished without waiting for the suite."""
    future = item[2]
    return future is None or future.done()


class Validator:
    """Validates one table of one dataset kind for one municipality and period."""

    def __init__(
        self,
        kind: DatasetKind,
        settings: Settings,
        run: RunFolder,
        *,
        period: str | None,
        municipality: str | None,
        suite_engine: SuiteEngine = "gx",
        max_findings_per_rule: int = 100,
    ) -> None:
        self.kind, self.settings, self.run = kind, settings, run
        self.period, self.suite_engine = period, suite_engine
        self.max_findings_per_rule = max_findings_per_rule
        self.report = ValidationReport(
            kind=kind.name,
            kind_version=kind.version,
            source="",
            period=period,
            municipality=municipality,
            max_invalid_ratio=kind.policy.max_invalid_ratio,
        )

    def validate(self, table: SourceTable) -> Iterator[pa.RecordBatch]:
        """Yield the valid rows batch by batch (same columns); blocked tables yield nothing."""
        started = time.perf_counter()
        self._describe(table)
        if self._blocked_before_reading(table):
            return
        quarantine = QuarantineWriter(self.run.private_file(QUARANTINE_NAME), table)
        self.report.quarantine_file = QUARANTINE_NAME
        runner = build_suite_runner(self.kind, self.suite_engine, self.period)
        keys = PrimaryKeyIndex(self.kind.primary_key) if self._has_key(table) else None
        pending: deque[Pending] = deque()
        # repetitive columns are checked once per distinct value, encoded by normalization
        guide = RepetitionGuide(memo=table.encodings)
        try:
            for batch in table.batches():
                parsed, issues = parse_and_check(batch, self.kind, guide)
                future = runner.submit(batch, parsed) if runner else None
                if keys is not None:
                    texts = {f: _key_text(parsed[f]) for f in keys.fields}
                    issues.extend(keys.check(texts, batch.column(ROW_COLUMN)))
                pending.append((batch, issues, future))
                while len(pending) > 1 and (_ready(pending[0]) or len(pending) > SUITE_BACKLOG):
                    yield self._finish(table, quarantine, *pending.popleft())
            while pending:
                yield self._finish(table, quarantine, *pending.popleft())
        finally:
            quarantine.close()
            self._close(runner, started)

    def _close(self, runner: SuiteRunner | None, started: float) -> None:
        """Shut the suite down and settle the verdict."""
        if runner is not None:
            self.report.suite = runner.info()
            runner.close()
        self.report.checklist = [str(item) for item in self.kind.suite.get("checklist", [])]
        self.report.seconds = time.perf_counter() - started
        self.report.apply_ratio_policy()

    def _describe(self, table: SourceTable) -> None:
        """Copy what the reader learned into the report (counts and headers only)."""
        report = self.report
        report.source = Path(table.path).name
        report.kind_guessed = table.kind_guessed
        report.unmapped_headers = table.unmapped_headers
        report.formula_cells = dict(table.notes.formula_cells)
        report.placeholders = [
            {"columna": column, "marcador": text, "celdas": cells}
            for (column, text), cells in sorted(table.notes.placeholders.items())
        ]
        present = {column.field for column in table.columns}
        report.missing_columns = [name for name in self.kind.field_names if name not in present]

    def _blocked_before_reading(self, table: SourceTable) -> bool:
        """Block on an unknown layout or a missing required column (nothing is streamed)."""
        if not any(column.field for column in table.columns):
            self.report.block("Formato desconocido: ninguna columna corresponde al esquema.")
            return True
        required = [f.name for f in self.kind.fields if f.required]
        missing = [name for name in required if name in self.report.missing_columns]
        if missing and self.kind.policy.block_on_missing_required_column:
            names = ", ".join(f"`{name}`" for name in missing)
            self.report.block(
                f"Faltan columnas obligatorias: {names}. {self._missing_hint(missing)}"
            )
            return True
        return False

    def _missing_hint(self, missing: list[str]) -> str:
        """What to do about missing required columns (the comuna code needs no column at all)."""
        add = "con los encabezados del formato oficial y vuelva a validar."
        if "codigo_comuna" not in missing or self.report.municipality is not None:
            return f"Agregue esas columnas {add}"
        comuna = (
            "`codigo_comuna` no necesita columna: indique la comuna con `--municipio` "
            "(p. ej. `--municipio 05101`) y se completa con ese código."
        )
        return comuna if missing == ["codigo_comuna"] else f"{comuna} Agregue las demás {add}"

    def _has_key(self, table: SourceTable) -> bool:
        """Whether every primary-key field is in the file."""
        present = {column.field for column in table.columns}
        return bool(self.kind.primary_key) and set(self.kind.primary_key) <= present

    def _finish(
        self,
        table: SourceTable,
        quarantine: QuarantineWriter,
        batch: pa.RecordBatch,
        issues: list[Issue],
        future: Future[list[Issue]] | None,
    ) -> pa.RecordBatch:
        """Join the suite's issues, record findings, quarantine bad rows, return the good ones."""
        if future is not None:
            issues = issues + future.result()
        invalid = np.zeros(batch.num_rows, np.bool_)
        errors: list[tuple[npt.NDArray[np.bool_], str]] = []
        for issue in issues:
            broken = record_issue(
                self.report, self.kind, table, batch, issue, self.max_findings_per_rule
            )
            if broken and issue.severity == "error":
                mask = np.asarray(issue.mask.to_numpy(zero_copy_only=False), np.bool_)
                invalid |= mask
                errors.append((mask, issue.reason))
        rows = np.flatnonzero(invalid)
        if len(rows) == 0:
            valid_rows = batch  # nothing to drop: filtering would copy every column
        else:
            quarantine.write(batch, rows, row_reasons(rows, errors))
            valid_rows = batch.filter(pa.array(~invalid))
        self.report.rows_total += batch.num_rows
        self.report.rows_valid += valid_rows.num_rows
        self.report.rows_quarantined += batch.num_rows - valid_rows.num_rows
        return valid_rows
