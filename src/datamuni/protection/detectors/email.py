"""E-mail addresses, anywhere in a cell."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors.base import Scan, regex_scan

KIND = "email"
PATTERN = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*\s?@\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
"""Local part, `@` (officers sometimes type a space around it), domain with a dot."""


def scan(series: pl.Series, allow: frozenset[str] = frozenset()) -> Scan:
    """Find and redact e-mail addresses."""
    return regex_scan(series, KIND, PATTERN)
