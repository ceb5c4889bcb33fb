"""Runs the kind's suite per batch: real Great Expectations in a worker process, or columnar."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import date
from typing import Any, Literal

import pyarrow as pa

from datamuni.catalog import DatasetKind
from datamuni.errors import DatamuniError
from datamuni.validation import suite_process
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import ParsedColumn
from datamuni.validation.suite_spec import (
    ExpectationSpec,
    parse_suite,
    resolve_parameters,
    suite_parameters,
)

SuiteEngine = Literal["gx", "columnar", "off"]

GROUP_ROWS = 65_536
"""Rows sent to GX per call: each call pays a fixed ~0.1 s of GX's bookkeeping, while the
worker's pandas frame and GX's intermediates grow with the rows (1M-row benchmark: 65k-row groups
peaked at ~935 MB summed with the worker, 131k-row groups at ~1,050 MB for ~0.5 s less)."""


class _GroupFuture(Future[list[Issue]]):
    """A batch's issues, due once its group is validated; waiting on it sends the group."""

    def __init__(self, runner: SuiteRunner) -> None:
        super().__init__()
        self._runner = runner
        self.sent = False

    def result(self, timeout: float | None = None) -> list[Issue]:
        """Send the batch's group if it is still being filled, then wait for its issues.

        A batch whose group was already sent leaves the group being filled alone: flushing it
        anyway sent GX one- and two-batch groups, each paying GX's fixed cost per call (1M rows:
        35 calls instead of 14, 2.7 s more CPU in the worker).
        """
        if not self.sent:
            self._runner.flush()
        return super().result(timeout)


Member = tuple[pa.Table, _GroupFuture]


class SuiteRunner:
    """Submits batches to an engine; the GX engine runs in a worker process, overlapped."""

    def __init__(
        self, kind: DatasetKind, engine: SuiteEngine, period: str | None, today: date | None
    ) -> None:
        self.kind, self.engine = kind, engine
        spec = parse_suite(kind.suite, kind.name)
        parameters = suite_parameters(period, today)
        self.expectations: list[ExpectationSpec] = []
        self.skipped: dict[str, str] = {}
        for item in spec.expectations:
            try:
                self.expectations.append(
                    replace(item, kwargs=resolve_parameters(item.kwargs, parameters))
                )
            except KeyError as missing:
                self.skipped[item.id] = f"sin valor para el parámetro {missing} (indique --periodo)"
        self.errors: dict[str, str] = {}
        self._group: list[Member] = []
        self._group_active: list[ExpectationSpec] = []
        self._lock = threading.Lock()
        if engine == "gx" and self.expectations:
            suite_process.warm_up(kind)  # GX imports in its process while batches are read

    def _active(self, names: set[str]) -> list[ExpectationSpec]:
        """Expectations whose columns are all in the batch (the others are noted as skipped)."""
        active = []
        for item in self.expectations:
            absent = [c for c in item.columns if c not in names]
            if absent:
                self.skipped[item.id] = f"columna ausente: {', '.join(absent)}"
            else:
                active.append(item)
        return active

    def submit(self, batch: pa.RecordBatch, parsed: dict[str, ParsedColumn]) -> Future[list[Issue]]:
        """Start validating one batch; the future holds its issues."""
        active = self._active(set(parsed))
        if self.engine != "gx":
            from datamuni.validation.suite_columnar import run_columnar

            done: Future[list[Issue]] = Future()
            done.set_result(run_columnar(active, parsed, self.kind))
            return done
        issues = _GroupFuture(self)
        with self._lock:
            if self._group and active != self._group_active:
                self._flush_locked()
            self._group.append((suite_process.typed_table(active, batch, parsed), issues))
            self._group_active = active
            if sum(table.num_rows for table, _ in self._group) >= GROUP_ROWS:
                self._flush_locked()
        return issues

    def flush(self) -> None:
        """Send the batches gathered so far to the GX worker."""
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if not self._group:
            return
        group, self._group = self._group, []
        for _, issues in group:
            issues.sent = True
        try:
            outcome = suite_process.submit(
                self.kind, self._group_active, pa.concat_tables([table for table, _ in group])
            )
        except DatamuniError as error:
            for _, issues in group:
                issues.set_exception(error)
            return
        outcome.add_done_callback(lambda done: self._settle(done, group))

    def _settle(self, done: Future[suite_process.Outcome], group: list[Member]) -> None:
        """Hand each batch its share of the worker's issues; keep engine errors for the report."""
        error = done.exception()
        if error is not None:
            lost = isinstance(error, BrokenProcessPool)
            for _, issues in group:
                issues.set_exception(suite_process.worker_lost() if lost else error)
            return
        found, errors = done.result()
        self.errors.update(errors)
        offset = 0
        for table, issues in group:
            rows = table.num_rows
            issues.set_result([replace(i, mask=i.mask.slice(offset, rows)) for i in found])
            offset += rows

    def info(self) -> dict[str, Any]:
        """What ran, for the report."""
        return {
            "motor": {"gx": "Great Expectations", "columnar": "columnar (pyarrow)"}.get(
                self.engine, self.engine
            ),
            "expectativas": [item.id for item in self.expectations],
            "omitidas": dict(self.skipped),
            "errores": dict(self.errors),
        }

    def close(self) -> None:
        """Send what is left; the GX worker process itself is shared by later runs."""
        self.flush()


def start_suite_engine(kind: DatasetKind, engine: SuiteEngine) -> None:
    """Start the GX worker for `kind` now (a no-op for other engines or an empty suite).

    Importing GX takes seconds of one core; started before the source is hashed and opened, it
    overlaps that work instead of holding the first batches back.
    """
    if engine == "gx" and kind.suite.get("expectations"):
        suite_process.warm_up(kind)


def build_suite_runner(
    kind: DatasetKind, engine: SuiteEngine, period: str | None, today: date | None = None
) -> SuiteRunner | None:
    """A runner for the kind's suite, or None when the engine is off or the suite is empty."""
    if engine == "off" or not kind.suite.get("expectations"):
        return None
    return SuiteRunner(kind, engine, period, today)
