"""Masked examples for reports: enough to recognize the kind of value, never the value."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors import address, email, phone, rut, sensitive

_PATTERNS = {
    "email": email.PATTERN,
    "phone": phone.PATTERN,
    "address": address.PATTERN,
    "sensitive": sensitive.PATTERN,
}


def mask_value(text: str, keep: int = 2) -> str:
    """Keep punctuation and the first `keep` letters or digits; other letters and digits → `*`."""
    kept = 0
    out = []
    for char in text:
        if char.isalnum():
            out.append(char if kept < keep else "*")
            kept += 1
        else:
            out.append(char)
    return "".join(out)


def detected_span(kind: str, text: str) -> str | None:
    """The first span of `kind` in `text` (unmasked: callers must mask it before reporting)."""
    cell = pl.Series([text])
    if kind in ("rut", "rut_empresa"):
        tokens = cell.str.extract_all(rut.TOKEN).explode().drop_nulls()
        if tokens.len() == 0:
            return None
        checked = rut.validate_tokens(tokens)
        wanted = checked.filter(pl.col("valid") & (pl.col("company") == (kind == "rut_empresa")))
        return str(wanted["token"][0]) if wanted.height else None
    value = cell.str.extract(f"({_PATTERNS[kind]})", 1)[0]
    return None if value is None else str(value)


def masked_example(kind: str, text: str) -> str:
    """A masked example of what `kind` found in `text` (`12.3**.***-*` style)."""
    span = detected_span(kind, text)
    if span is None:
        return "***"
    if kind == "sensitive":
        return span.lower()  # a keyword names a category, not a person
    return mask_value(span)
