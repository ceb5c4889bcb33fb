"""`Issue`: one rule's verdict on one batch, as a boolean mask over its rows (columnar)."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from datamuni.validation.findings import Severity


@dataclass(frozen=True)
class Issue:
    """Which rows of a batch break one rule on one field, with the Spanish wording."""

    rule: str
    """`type-error`, `required`, `enum`, `minimum`, `unique`, `csv-injection`, `gx:<id>`..."""
    field: str | None
    mask: pa.Array
    """Boolean, no nulls: True on the rows that break the rule."""
    message: str
    fix: str
    reason: str
    """Short Spanish reason written next to the row in the quarantine file."""
    severity: Severity = "error"
    value_parsed: bool = False
    """Whether offending values parsed as the field type (then numbers and dates are shown)."""
    first_rows: pa.Array | None = None
    """For `unique`: the row where each key was first seen (null on other rows)."""
    extra_fields: tuple[str, ...] = ()
    """Other fields the rule reads (pair expectations, composite keys)."""
