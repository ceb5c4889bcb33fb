"""Street addresses: a street-type word, a capitalized name and a house number."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors.base import Scan, regex_scan

KIND = "address"
STREET_TYPES = (
    r"calle|avenida|avda\.?|av\.?|pasaje|psje\.?|pje\.?|villa|poblaci[oó]n|pobl\.|block|"
    r"camino|diagonal|paseo"
)
_NAME = r"[A-ZÁÉÍÓÚÑ0-9][^\n,;:()\[\]]{0,50}?"
_NUMBER = r"\s*(?:(?i:n[°º.]?|nro\.?|n[uú]mero|#)\s*)?\d{1,5}\b"
_UNIT = r"(?:\s*,?\s*(?i:depto\.?|dpto\.?|departamento|casa|block|of\.?|oficina)\s*[A-Za-z0-9\-]+)?"
PATTERN = rf"(?i:\b(?:{STREET_TYPES}))\s+{_NAME}{_NUMBER}{_UNIT}"
"""`Calle Los Aromos 1234`, `Av. Matta N° 567 depto 12`, `Pje. Uno #45`, `Villa Las Rosas 12`.

The name must start with a capital or a digit, so `población objetivo 500` is not an address.
"""


def scan(series: pl.Series, allow: frozenset[str] = frozenset()) -> Scan:
    """Find and redact street addresses."""
    return regex_scan(series, KIND, PATTERN)
