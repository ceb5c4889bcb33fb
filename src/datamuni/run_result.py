"""What one run did (`RunResult`), its outcomes, and the row counter that reports progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from datamuni.packaging.builder import BuiltPackage
from datamuni.publishing.result import PublishResult

ProgressCallback = Callable[[int, int | None], None]
"""Called with (rows read so far, total bytes or None) while a file is processed."""

OUTCOME_PUBLISHED = "publicado"
OUTCOME_QUARANTINED = "en cuarentena"
OUTCOME_BLOCKED = "bloqueado"
OUTCOME_VALIDATED = "validado"
OUTCOME_SIMULATED = "simulado"


@dataclass
class RunResult:
    """What one run did: where its reports are, what was published, and the outcome."""

    run_folder: Path
    kind: str
    municipality: str
    period: str
    outcome: str
    validation: dict[str, Any]
    protection: dict[str, Any]
    source: dict[str, Any]
    package: BuiltPackage | None = None
    publish: PublishResult | None = None
    block_reasons: list[str] = field(default_factory=list)
    rows_total: int = 0
    rows_valid: int = 0
    rows_quarantined: int = 0
    rows_published: int = 0

    @property
    def exit_code(self) -> int:
        """0 ok, 1 done with quarantined rows, 2 blocked."""
        if self.outcome == OUTCOME_BLOCKED:
            return 2
        return 1 if self.rows_quarantined else 0

    @property
    def counts(self) -> dict[str, int]:
        """Row counts for the progress store (never values)."""
        return {
            "filas": self.rows_total,
            "validas": self.rows_valid,
            "cuarentena": self.rows_quarantined,
            "publicadas": self.rows_published,
        }


class RowCounter:
    """Rows validated so far (counted in a stage's thread, reported from the caller's)."""

    def __init__(self) -> None:
        self.seen = 0

    def count(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Pass batches through, counting their rows."""
        for batch in batches:
            self.seen += batch.num_rows
            yield batch

    def report(
        self,
        batches: Iterator[pa.RecordBatch],
        on_progress: ProgressCallback | None,
        total: int | None,
    ) -> Iterator[pa.RecordBatch]:
        """Pass batches through, calling `on_progress` with the rows counted so far."""
        for batch in batches:
            if on_progress is not None:
                on_progress(self.seen, total)
            yield batch
