"""Runs the kind's suite per batch: real Great Expectations in a worker thread, or columnar."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from typing import Any, Literal

import pyarrow as pa

from datamuni.catalog import DatasetKind
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
    """Submits batches to an engine; the GX engine runs in one worker thread, overlapped."""

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
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="suite")
            if engine == "gx"
            else None
        )
        self._engine: Any = None

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
        if self._pool is None:
            from datamuni.validation.suite_columnar import run_columnar

            done: Future[list[Issue]] = Future()
            done.set_result(run_columnar(active, parsed, self.kind))
            return done
        return self._pool.submit(self._run_gx, active, batch, parsed)

    def _run_gx(
        self, active: list[ExpectationSpec], batch: pa.RecordBatch, parsed: dict[str, ParsedColumn]
    ) -> list[Issue]:
        """Worker-thread body: build GX lazily (its import is slow) and run the batch."""
        from datamuni.validation.suite_gx import GxEngine

        if self._engine is None:
            self._engine = GxEngine(self.kind)
        issues: list[Issue] = self._engine.run(active, batch, parsed, self.errors)
        return issues

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
        """Stop the worker thread."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def build_suite_runner(
    kind: DatasetKind, engine: SuiteEngine, period: str | None, today: date | None = None
) -> SuiteRunner | None:
    """A runner for the kind's suite, or None when the engine is off or the suite is empty."""
    if engine == "off" or not kind.suite.get("expectations"):
        return None
    return SuiteRunner(kind, engine, period, today)
