"""Great Expectations in its own process, so the suite truly runs beside the rest.

GX is pure Python: in a thread it holds the interpreter lock most of the time and slows the
reading, checking and protection threads it should overlap with. One worker process per
datamuni process (started on first use, reused by every run) imports GX once and validates the
batches it is sent: only the row numbers and the typed columns the suite reads cross over.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from datamuni.catalog import DatasetKind
from datamuni.errors import DatamuniError
from datamuni.sources.table import ROW_COLUMN
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import ParsedColumn
from datamuni.validation.suite_spec import ExpectationSpec

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_engines: dict[tuple[str, str], Any] = {}
"""In the worker: one GX engine per kind and version."""

Outcome = tuple[list[Issue], dict[str, str]]


def _worker_pool() -> ProcessPoolExecutor:
    """The shared GX worker (spawned, not forked: the pipeline has threads running)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            with _bare_main():
                _pool.submit(int)  # spawns the worker now, while `__main__` is bare
        return _pool


@contextmanager
def _bare_main() -> Iterator[None]:
    """An empty `__main__` while the worker is spawned.

    A spawned child imports the parent's main module again: under the `datamuni` command that is
    the whole CLI (typer, rich, the publisher: ~1 s of CPU at the start of every first run), under
    Prefect its engine. The worker only needs this module, which it imports by name.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def worker_cpu_seconds() -> float:
    """CPU time the GX worker process has used so far (benchmarks leave its start-up out)."""
    return float(_worker_pool().submit(time.process_time).result())


def shutdown() -> None:
    """Stop the GX worker (the next run starts a new one)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def warm_up(kind: DatasetKind) -> Future[bool]:
    """Start the worker and build the kind's GX context while the first batches are read.

    A worker that died during an earlier run is replaced here: that run failed, this one starts
    clean.
    """
    try:
        return _worker_pool().submit(_engine_ready, kind)
    except BrokenProcessPool:
        shutdown()
        return _worker_pool().submit(_engine_ready, kind)


def typed_table(
    active: list[ExpectationSpec], batch: pa.RecordBatch, parsed: dict[str, ParsedColumn]
) -> pa.Table:
    """The row numbers and the typed columns the suite reads: all that crosses to the worker."""
    names = sorted({column for item in active for column in item.columns})
    return pa.table(
        [batch.column(ROW_COLUMN), *(parsed[name].typed for name in names)],
        names=[ROW_COLUMN, *names],
    )


def submit(kind: DatasetKind, active: list[ExpectationSpec], typed: pa.Table) -> Future[Outcome]:
    """Validate rows (`typed_table`, one batch or several) in the worker: issues and errors."""
    try:
        return _worker_pool().submit(_run, kind, active, typed)
    except BrokenProcessPool:
        shutdown()
        raise worker_lost() from None


def worker_lost() -> DatamuniError:
    """The error when the GX worker process died (killed, out of memory)."""
    return DatamuniError(
        "El proceso que ejecuta la suite de Great Expectations terminó inesperadamente.",
        "Revise la memoria disponible y vuelva a ejecutar; la corrida no publicó nada.",
    )


def _engine(kind: DatasetKind) -> Any:
    """In the worker: the kind's GX engine, built once."""
    key = (kind.name, kind.version)
    if key not in _engines:
        _engines[key] = _quietly_built(kind)
    engine = _engines[key]
    engine.kind = kind  # same name and version, yet fields may differ (tests, edited schemas)
    return engine


def _quietly_built(kind: DatasetKind) -> Any:
    """In the worker: a GX engine built with the cyclic collector paused.

    Importing GX creates ~440,000 lasting objects: the collector's passes over them
    cost ~0.3 s of the first run's CPU for nothing.
    """
    from datamuni.validation.suite_gx import GxEngine

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return GxEngine(kind)
    finally:
        if was_enabled:
            gc.enable()


def _engine_ready(kind: DatasetKind) -> bool:
    """In the worker: build the engine ahead of the first batch."""
    _engine(kind)
    return True


def _run(kind: DatasetKind, active: list[ExpectationSpec], typed: pa.Table) -> Outcome:
    """In the worker: one batch through GX."""
    columns = {name: typed.column(name).combine_chunks() for name in typed.column_names}
    rows = columns.pop(ROW_COLUMN)
    errors: dict[str, str] = {}
    issues: list[Issue] = _engine(kind).run(active, rows, columns, errors)
    return issues, errors
