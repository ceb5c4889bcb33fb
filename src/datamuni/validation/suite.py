"""Runs the kind's suite per batch: real Great Expectations in a worker process, or columnar."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import date
from typing import Any, Literal

import pyarrow as pa

from datamuni.catalog import DatasetKind
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
        outcome = suite_process.submit(self.kind, active, batch, parsed)
        issues: Future[list[Issue]] = Future()
        outcome.add_done_callback(lambda done: self._settle(done, issues))
        return issues

    def _settle(self, done: Future[suite_process.Outcome], issues: Future[list[Issue]]) -> None:
        """Hand the worker's issues on and keep its engine errors for the report."""
        error = done.exception()
        if error is not None:
            lost = isinstance(error, BrokenProcessPool)
            issues.set_exception(suite_process.worker_lost() if lost else error)
            return
        found, errors = done.result()
        self.errors.update(errors)
        issues.set_result(found)

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
        """Nothing to stop: the GX worker process is shared by later runs."""


def build_suite_runner(
    kind: DatasetKind, engine: SuiteEngine, period: str | None, today: date | None = None
) -> SuiteRunner | None:
    """A runner for the kind's suite, or None when the engine is off or the suite is empty."""
    if engine == "off" or not kind.suite.get("expectations"):
        return None
    return SuiteRunner(kind, engine, period, today)
