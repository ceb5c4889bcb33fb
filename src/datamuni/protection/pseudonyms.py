"""Keyed pseudonyms (HMAC-SHA256), stable across runs and municipalities.

Key rotation: the pseudonym of a value depends only on the key (`DATAMUNI_PSEUDONYM_KEY`) and the
normalized value, so the same person gets the same pseudonym in every dataset published with the
same key. Rotating the key changes every pseudonym: publish all series again with the new key in
one go and announce the break of continuity; never publish an old→new mapping (it would link the
two series and defeat the rotation). See `docs/proteccion.md`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

import polars as pl

PSEUDONYM_CHARS = 24
"""Hex characters kept (96 bits): no practical collisions among Chile's population."""
_RUT_FORM = re.compile(r"^(\d{1,2}\.\d{3}\.\d{3}|\d{7,8})\s?[-‐–]?\s?([0-9kK])$")
_SPACES = re.compile(r"\s+")


def normalize_value(text: str) -> str:
    """Canonical form before hashing: RUTs as `12345678-5`, other text upper-cased and trimmed."""
    stripped = text.strip()
    match = _RUT_FORM.match(stripped)
    if match:
        body = match.group(1).replace(".", "").lstrip("0")
        return f"{body}-{match.group(2).upper()}"
    folded = unicodedata.normalize("NFC", stripped)
    return _SPACES.sub(" ", folded).upper()


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one value."""
    digest = hmac.new(key, normalize_value(value).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:PSEUDONYM_CHARS]


def pseudonymize(series: pl.Series, key: bytes) -> pl.Series:
    """Pseudonyms for a column; each distinct value is hashed once per batch; nulls stay null."""
    text = series.cast(pl.String)
    blank = text.str.strip_chars().str.len_chars() == 0
    text = pl.select(pl.when(blank).then(None).otherwise(text)).to_series()
    unique = text.drop_nulls().unique()
    if unique.len() == 0:
        return text.alias(series.name)
    digests = [pseudonym(value, key) for value in unique.to_list()]
    mapped = text.replace_strict(unique, digests, default=None, return_dtype=pl.String)
    return mapped.alias(series.name)
