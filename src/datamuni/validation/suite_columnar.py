"""The suite's expectations implemented columnar (pyarrow), with Great Expectations' semantics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import DatasetKind
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import PARSED_TYPES, ParsedColumn, typed_scalar
from datamuni.validation.suite_spec import ExpectationSpec


def issue_for(item: ExpectationSpec, mask: pa.Array, kind: DatasetKind) -> Issue:
    """The Issue of an expectation's unexpected rows."""
    field = item.columns[0] if item.columns else None
    parsed = (
        field is not None and field in kind.field_names and kind.field(field).type in PARSED_TYPES
    )
    return Issue(
        item.rule,
        field,
        mask,
        item.message,
        item.fix,
        item.id,
        item.severity,
        value_parsed=parsed,
        extra_fields=item.columns[1:],
    )


def _scalar(value: Any, name: str, kind: DatasetKind) -> pa.Scalar:
    """A kwarg value typed like the field it is compared with."""
    return typed_scalar(
        value.isoformat() if hasattr(value, "isoformat") else value, kind.field(name)
    )


def _between(kw: dict[str, Any], cols: dict[str, ParsedColumn], kind: DatasetKind) -> pa.Array:
    column = cols[kw["column"]].typed
    bad = pa.array([False] * len(column))
    if kw.get("min_value") is not None:
        op = pc.less_equal if kw.get("strict_min") else pc.less
        bad = pc.or_(
            bad, pc.fill_null(op(column, _scalar(kw["min_value"], kw["column"], kind)), False)
        )
    if kw.get("max_value") is not None:
        op = pc.greater_equal if kw.get("strict_max") else pc.greater
        bad = pc.or_(
            bad, pc.fill_null(op(column, _scalar(kw["max_value"], kw["column"], kind)), False)
        )
    return bad


def _in_set(
    kw: dict[str, Any], cols: dict[str, ParsedColumn], kind: DatasetKind, negate: bool
) -> pa.Array:
    column = cols[kw["column"]].typed
    values = pa.array(
        [_scalar(v, kw["column"], kind).as_py() for v in kw["value_set"]], column.type
    )
    member = pc.is_in(column, value_set=values)
    hit = member if negate else pc.invert(member)
    return pc.fill_null(hit, False)


def _regex(kw: dict[str, Any], cols: dict[str, ParsedColumn], kind: DatasetKind) -> pa.Array:
    column = cols[kw["column"]]
    matched = pc.match_substring_regex(column.typed.cast(pa.string()), kw["regex"])
    return pc.fill_null(pc.invert(matched), False)


def _a_greater_than_b(
    kw: dict[str, Any], cols: dict[str, ParsedColumn], kind: DatasetKind
) -> pa.Array:
    a, b = cols[kw["column_A"]].typed, cols[kw["column_B"]].typed
    op = pc.greater_equal if kw.get("or_equal") else pc.greater
    bad = pc.invert(pc.fill_null(op(a, b), False))
    a_null, b_null = pc.is_null(a), pc.is_null(b)
    rule = kw.get("ignore_row_if", "both_values_are_missing")
    ignored = (
        pc.or_(a_null, b_null) if rule == "either_value_is_missing" else pc.and_(a_null, b_null)
    )
    return pc.and_(bad, pc.invert(ignored)) if rule != "neither" else bad


def _not_null(kw: dict[str, Any], cols: dict[str, ParsedColumn], kind: DatasetKind) -> pa.Array:
    return pc.is_null(cols[kw["column"]].typed)


CHECKS: dict[str, Callable[[dict[str, Any], dict[str, ParsedColumn], DatasetKind], pa.Array]] = {
    "expect_column_values_to_be_between": _between,
    "expect_column_values_to_be_in_set": lambda kw, c, k: _in_set(kw, c, k, negate=False),
    "expect_column_values_to_not_be_in_set": lambda kw, c, k: _in_set(kw, c, k, negate=True),
    "expect_column_values_to_match_regex": _regex,
    "expect_column_pair_values_a_to_be_greater_than_b": _a_greater_than_b,
    "expect_column_values_to_not_be_null": _not_null,
}


def run_columnar(
    active: list[ExpectationSpec], parsed: dict[str, ParsedColumn], kind: DatasetKind
) -> list[Issue]:
    """Issues of one batch under the columnar engine (unsupported expectations are skipped)."""
    issues = []
    for item in active:
        check = CHECKS.get(item.expectation.lower())
        if check is not None:
            issues.append(issue_for(item, check(item.kwargs, parsed, kind), kind))
    return issues
