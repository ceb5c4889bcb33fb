"""`Protector`: applies each field's rule and the detectors to a stream of record batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import polars as pl
import pyarrow as pa

from datamuni.catalog import DatasetKind, FieldSpec
from datamuni.errors import ConfigurationError, ProtectionError
from datamuni.protection.aggregate import aggregate, output_columns
from datamuni.protection.arrow import batch_to_frame, frame_to_batch
from datamuni.protection.audit import scan_and_count
from datamuni.protection.detectors import CleanValues, ColumnScan, scan_column
from datamuni.protection.generalize import generalize
from datamuni.protection.kanonymity import enforce_k_anonymity
from datamuni.protection.pseudonyms import pseudonymize
from datamuni.protection.report import FieldAudit, ProtectionReport
from datamuni.protection.rules import validate_protection
from datamuni.settings import Settings
from datamuni.sources.table import EXTRA_PREFIX, ROW_COLUMN

NUMERIC_TYPES = ("number", "integer")
UNMAPPED = "no_publicado"


class Protector:
    """Protects the batches of one dataset kind; `report` holds the audit (never values)."""

    def __init__(self, kind: DatasetKind, settings: Settings) -> None:
        self.kind = kind
        self.settings = settings
        self.report = ProtectionReport(kind=kind.name)
        self._fields = {spec.name: spec for spec in kind.fields}
        # dropped columns no rule reads are never turned into polars (~0.1 s per million rows)
        sources = {spec.protection.params.get("field") for spec in kind.fields}
        self._unread = {
            spec.name
            for spec in kind.fields
            if spec.protection.action == "eliminar" and spec.name not in sources
        }
        self._clean: dict[str, CleanValues] = {}  # per column: values already found clean
        self._key: bytes | None = None
        secret = settings.pseudonym_secret()
        if secret is not None:
            self._key = secret.get_secret_value().encode("utf-8")
        self._decide()
        if kind.aggregation is not None:
            self.report.published_columns = output_columns(kind.aggregation)
        else:
            names = [s.name for s in kind.fields if s.protection.action != "eliminar"]
            self.report.published_columns = names

    def _decide(self) -> None:
        """Block the dataset when its protection cannot be decided (fail closed)."""
        try:
            validate_protection(self.kind)
        except ConfigurationError as error:
            self._block(error.message)
            return
        actions = {spec.protection.action for spec in self.kind.fields}
        if "seudonimizar" in actions and not self._key:
            self._block(
                "hay campos para seudonimizar y no hay clave `DATAMUNI_PSEUDONYM_KEY` configurada."
            )
        elif self.settings.k_anonymity < 2 and (
            self.kind.quasi_identifiers or self.kind.aggregation
        ):
            self._block(
                f"`k_anonymity` = {self.settings.k_anonymity} no protege: use 2 o más "
                "(recomendado 5)."
            )

    def _block(self, reason: str) -> None:
        """Record that the dataset is blocked and why."""
        self.report.blocked = True
        self.report.reason = reason

    def protect(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Protected batches with only the published columns; raises ProtectionError if blocked."""
        if self.report.blocked:
            raise ProtectionError(
                f"Protección bloqueada para `{self.kind.name}`: {self.report.reason}",
                "Corrija la configuración; nada se publica hasta entonces.",
            )
        stream: Iterator[pa.RecordBatch] = (self.protect_batch(batch) for batch in batches)
        k = self.settings.k_anonymity
        if self.kind.aggregation is not None:
            stream = aggregate(stream, self.kind.aggregation, k, self.report.aggregation)
        elif self.kind.quasi_identifiers:
            stream = enforce_k_anonymity(stream, self.kind, k, self.report.k_anonymity)
        return self._count_out(stream)

    def _count_out(self, stream: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Count published rows as they go."""
        for batch in stream:
            self.report.rows_out += batch.num_rows
            yield batch

    def protect_batch(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """One batch at row level: every field's action, detectors on every column."""
        unread = [name for name in batch.schema.names if name in self._unread]
        frame = batch_to_frame(batch.drop_columns(unread) if unread else batch)
        self.report.rows_in += frame.height
        rows = frame[ROW_COLUMN] if ROW_COLUMN in frame.columns else None
        published: dict[str, pl.Series] = {}
        kept: dict[str, pa.Array] = {}  # published as they came: no polars → Arrow copy back
        for name in batch.schema.names:
            if name == ROW_COLUMN:
                continue
            if name in self._unread:
                self.report.audit(name, "eliminar").cells += batch.num_rows
                continue
            series = frame[name].cast(pl.String)
            spec = self._fields.get(name)
            if spec is None:
                self._unmapped(name, series, rows)
                continue
            result = self._apply(spec, series, frame, rows)
            if result is series:
                kept[name] = batch.column(name)
            elif result is not None:
                published[name] = result
        for name in self.report.published_columns:
            if (
                name in self._fields
                and name not in frame.columns
                and name not in self.report.missing_fields
            ):
                self.report.missing_fields.append(name)
        names = [s.name for s in self.kind.fields if s.protection.action != "eliminar"]
        return frame_to_batch(pl.DataFrame(published), names, kept=kept, height=frame.height)

    def _unmapped(self, name: str, series: pl.Series, rows: pl.Series | None) -> None:
        """A column no field claims: never published; scanned and listed in the report."""
        header = name.removeprefix(EXTRA_PREFIX)
        if header not in self.report.unmapped_columns:
            self.report.unmapped_columns.append(header)
        audit = self.report.audit(EXTRA_PREFIX + header, UNMAPPED)
        audit.cells += series.len()
        self._scan(series, None, audit, rows)

    def _apply(
        self, spec: FieldSpec, series: pl.Series, frame: pl.DataFrame, rows: pl.Series | None
    ) -> pl.Series | None:
        """The published column of one field: None when dropped, `series` itself if unchanged."""
        action, params = spec.protection.action, spec.protection.params
        audit = self.report.audit(spec.name, action)
        audit.cells += series.len()
        if action == "eliminar":
            return None  # nothing of it is published: no detector needs to read it
        scan = self._scan(series, spec, audit, rows)
        if action == "seudonimizar":
            assert self._key is not None
            result = pseudonymize(series, self._key)
            audit.pseudonymised += result.len() - result.null_count()
            return result
        if action in ("publicar", "enmascarar", "agregar") and not scan.any_mask.any():
            return series  # nothing found: published as it came
        if action == "enmascarar":
            audit.cells_redacted += int(scan.any_mask.sum())
            return scan.spans_redacted
        if action == "generalizar":
            source = params.get("field")
            comuna = frame[source] if source and source in frame.columns else None
            general = generalize(series, params, comuna)
            audit.generalized += general.len() - general.null_count()
            audit.not_generalizable += int((series.is_not_null() & general.is_null()).sum())
            scan = scan_column(general)  # the generalized value itself must be clean too
        audit.cells_redacted += int(scan.any_mask.sum())
        return scan.cells_redacted()

    def _scan(
        self, series: pl.Series, spec: FieldSpec | None, audit: FieldAudit, rows: pl.Series | None
    ) -> ColumnScan:
        """Run the detectors with the field's type and tolerated kinds."""
        clean = self._clean.setdefault(series.name, CleanValues())
        if spec is None:
            return scan_and_count(series, audit, rows, clean=clean)
        allow = frozenset(spec.protection.params.get("allow", ()))
        numeric = spec.type in NUMERIC_TYPES
        return scan_and_count(series, audit, rows, numeric=numeric, allow=allow, clean=clean)
