"""Chilean phone numbers: mobiles, fixed lines with area codes, with or without `+56` and spaces."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors.base import Scan, regex_scan

KIND = "phone"
_SEP = r"[\s\-]?"
# Dots are never separators here: `22.345.678` is an amount, not a phone.
WITH_COUNTRY = (
    rf"(?:\(?\+\s?|\b)(?:00\s?)?56\)?{_SEP}"
    rf"(?:\(\s?0?\d{{1,2}}\s?\)|\d{{1,2}}){_SEP}\d{{3,4}}{_SEP}\d{{4}}\b"
)
"""`+56 9 1234 5678`, `+56912345678`, `(+56) 2 2345 6789`, `0056 41 234 5678`."""
MOBILE = rf"\b9{_SEP}\d{{4}}{_SEP}\d{{4}}\b"
"""`9 1234 5678`, `912345678`, `9-1234-5678`."""
FIXED_PARENS = rf"\(\s?0?(?:2|[3-7]\d)\s?\){_SEP}\d{{3,4}}{_SEP}\d{{4}}\b"
"""`(2) 2345 6789`, `(41) 234 5678`."""
FIXED = rf"\b(?:2{_SEP}\d{{4}}|2\d{_SEP}\d{{3}}|[3-7]\d{_SEP}\d{{3}}){_SEP}\d{{4}}\b"
"""Nine-digit fixed lines: `2 2345 6789`, `22 345 6789`, `41 234 5678`, `223456789`."""
PATTERN = "|".join((WITH_COUNTRY, FIXED_PARENS, MOBILE, FIXED))
GATE = rf"[\d)]{_SEP}\d{{3}}{_SEP}\d{{4}}"
"""What every phone form above contains (cheap pre-check): at least eight digits, or seven after
an area code in parentheses; a seven-digit id (`id=1000000`) does not pass."""


def scan(series: pl.Series, allow: frozenset[str] = frozenset()) -> Scan:
    """Find and redact Chilean phone numbers."""
    return regex_scan(series, KIND, PATTERN)
