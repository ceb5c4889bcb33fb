"""The suite run by Great Expectations 1.x on a pandas DataFrame of one batch."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import DatasetKind
from datamuni.errors import ConfigurationError
from datamuni.sources.table import ROW_COLUMN
from datamuni.validation.issues import Issue
from datamuni.validation.suite_columnar import issue_for
from datamuni.validation.suite_spec import ExpectationSpec


def _gx_value(value: Any) -> Any:
    """Dates become datetimes, comparable with the DataFrame's datetime64 columns."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, list):
        return [_gx_value(v) for v in value]
    return value


def _gx_dates(values: pa.Array) -> pa.Array:
    """Dates as nanosecond timestamps when all fit (GX compares `datetime64[ns]` columns
    vectorized, other date columns one Python call per cell), milliseconds otherwise."""
    try:
        return values.cast(pa.timestamp("ns"))
    except pa.ArrowInvalid:  # a date beyond 2262: exact, slower comparisons
        return values.cast(pa.timestamp("ms"))


SUITES_KEPT = 16
"""GX suites kept per engine (one per kind's period and suite version in a long-lived worker)."""


class GxEngine:
    """One ephemeral GX context with a pandas data source; validates batches of typed columns."""

    def __init__(self, kind: DatasetKind) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.kind = kind
        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self.context.data_sources.add_pandas("datamuni").add_dataframe_asset(kind.name)
        self.batch_definition = asset.add_batch_definition_whole_dataframe("lote")
        self._suites: dict[str, Any] = {}

    def _frame(self, rows: pa.Array, typed_columns: Mapping[str, pa.Array], names: set[str]) -> Any:
        """pandas DataFrame of the typed columns the suite reads, plus the row number."""
        arrays, labels = [rows], [ROW_COLUMN]
        for name in sorted(names):
            typed = typed_columns[name]
            if pa.types.is_date32(typed.type):
                typed = _gx_dates(typed)
            elif pa.types.is_integer(typed.type):
                typed = typed.cast(pa.float64())
            arrays.append(typed)
            labels.append(name)
        return pa.table(arrays, names=labels).to_pandas()

    def _suite(self, active: list[ExpectationSpec]) -> Any:
        """The GX suite of `active`, built once per set of expectations and their parameters (the
        engine serves every run of the kind in this worker: periods and edited suites differ)."""
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        key = repr([(item.id, item.expectation, item.kwargs) for item in active])
        if key in self._suites:
            return self._suites[key]
        if len(self._suites) >= SUITES_KEPT:
            self._suites.clear()
        suite = self._gx.ExpectationSuite(name=self.kind.name)
        for item in active:
            kwargs = {k: _gx_value(v) for k, v in item.kwargs.items()}
            try:
                expectation = ExpectationConfiguration(
                    type=item.expectation.lower(), kwargs=kwargs, meta={"id": item.id}
                ).to_domain_obj()
            except Exception as error:  # GX raises its own types for unknown names and kwargs
                raise ConfigurationError(
                    f"La regla `{item.id}` de `validators/{self.kind.name}.yaml` no es una "
                    f"expectativa válida de Great Expectations (`{item.expectation}`: {error}).",
                    "Corrija el nombre de la expectativa o sus parámetros.",
                ) from None
            suite.add_expectation(expectation)
        self._suites[key] = suite
        return suite

    def run(
        self,
        active: list[ExpectationSpec],
        rows: pa.Array,
        typed_columns: Mapping[str, pa.Array],
        errors: dict[str, str],
    ) -> list[Issue]:
        """Validate one batch; rows are identified by `_fila` in GX's unexpected index list."""
        if not active:
            return []
        suite = self._suite(active)
        frame = self._frame(rows, typed_columns, {c for item in active for c in item.columns})
        result = self.batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
            suite,
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [ROW_COLUMN],
                # the pandas filter text GX builds from the index list: unused, ~9 % of a call
                "return_unexpected_index_query": False,
            },
        )
        by_id = {item.id: item for item in active}
        issues = []
        for outcome in result.results:
            item = by_id[
                str(
                    ((outcome.expectation_config and outcome.expectation_config.meta) or {}).get(
                        "id"
                    )
                )
            ]
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                errors[item.id] = str(outcome.exception_info.get("exception_message", ""))[:300]
                continue
            unexpected = outcome.result.get("unexpected_index_list") or []
            unexpected_rows = pa.array([int(e[ROW_COLUMN]) for e in unexpected], pa.int64())
            mask = pc.is_in(rows, value_set=unexpected_rows)
            issues.append(issue_for(item, mask, self.kind))
        return issues
