"""Masking of cell values shown in findings: never a raw personal value in a report."""

from __future__ import annotations

import re

_ALNUM = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]")
SHOWN_TYPES = frozenset({"integer", "number", "date", "year", "boolean", "datetime"})
"""Field types whose valid values may be shown as they are (amounts, dates)."""
MAX_SHOWN_CHARS = 40


def mask_text(value: str) -> str:
    """Keep the first and last character and punctuation; other letters and digits become `*`."""
    text = value[:MAX_SHOWN_CHARS]
    if len(text) <= 2:
        return _ALNUM.sub("*", text)
    middle = _ALNUM.sub("*", text[1:-1])
    suffix = "…" if len(value) > MAX_SHOWN_CHARS else ""
    return text[0] + middle + text[-1] + suffix


def mask_value(value: str | None, field_type: str, *, parsed: bool) -> str | None:
    """The value a report may show: as is for a valid number or date, masked otherwise."""
    if value is None:
        return None
    if parsed and field_type in SHOWN_TYPES:
        return value
    return mask_text(value)
