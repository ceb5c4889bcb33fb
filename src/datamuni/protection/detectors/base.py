"""What every detector returns: per-kind cell masks and the text with detected spans replaced."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

LABELS: dict[str, str] = {
    "rut": "[RUT eliminado]",
    "rut_empresa": "[RUT eliminado]",
    "email": "[correo eliminado]",
    "phone": "[teléfono eliminado]",
    "address": "[dirección eliminada]",
    "sensitive": "[dato sensible eliminado]",
}
"""Replacement text of each detector kind (Spanish, no digits, so detectors never re-fire)."""

DETECTOR_KINDS = tuple(LABELS)
"""Every detector kind, in the order they are reported."""


@dataclass
class Scan:
    """Result of one detector over a text column."""

    masks: dict[str, pl.Series] = field(default_factory=dict)
    """kind -> boolean mask of cells holding at least one (not tolerated) detection."""
    redacted: pl.Series | None = None
    """The column with every detected, not tolerated span replaced by its label."""


def false_mask(series: pl.Series) -> pl.Series:
    """A boolean mask of the series' length, all false."""
    return pl.repeat(False, series.len(), dtype=pl.Boolean, eager=True).alias(series.name)


def regex_scan(series: pl.Series, kind: str, pattern: str) -> Scan:
    """Mask and redact every match of `pattern` (for detectors that need no extra check)."""
    mask = series.str.contains(pattern).fill_null(False)
    if not mask.any():
        return Scan({kind: mask}, series)
    redacted = series.str.replace_all(pattern, LABELS[kind], literal=False)
    return Scan({kind: mask}, redacted)
