"""Sensitive-data keywords (Ley 19.628 art. 2 g; Ley 21.719): the whole cell is redacted."""

from __future__ import annotations

import polars as pl

from datamuni.protection.detectors.base import LABELS, Scan

KIND = "sensitive"
TERMS = (
    # physical or mental health
    r"estado\s+de\s+salud|salud\s+mental|problemas?\s+de\s+salud|ficha\s+cl[ií]nica",
    r"licencia\s+m[eé]dica|enfermedad(?:es)?|enferm[oa]\s+terminal|diagnosticad[oa]s?|con\s+diagn[oó]stico",
    r"diagn[oó]stico\s+(?:m[eé]dico|cl[ií]nico|psicol[oó]gico|psiqui[aá]trico)",
    r"discapacidad(?:es)?|discapacitad[oa]s?|invalidez|postrad[oa]",
    r"embarazo|embarazada|gestante|aborto",
    r"vih|sida|c[aá]ncer|oncol[oó]gic[oa]|psiqui[aá]tric[oa]|depresi[oó]n|esquizofrenia",
    r"adicci[oó]n|alcoholismo|consumo\s+de\s+drogas|rehabilitaci[oó]n\s+de\s+drogas",
    # origin, beliefs, opinions, sexual life
    r"etnia|[eé]tnic[oa]|origen\s+racial|pertenencia\s+a\s+pueblo\s+originario",
    r"religi[oó]n|creencias?\s+religiosas?|opini[oó]n\s+pol[ií]tica|afiliaci[oó]n\s+pol[ií]tica",
    r"afiliaci[oó]n\s+sindical|sindicalizad[oa]|afiliad[oa]\s+al?\s+sindicato|sindicato",
    r"orientaci[oó]n\s+sexual|identidad\s+de\s+g[eé]nero|vida\s+sexual|homosexual|bisexual|transg[eé]nero",
    # Ley 21.719 additions
    r"datos?\s+biom[eé]tricos?|huella\s+dactilar|perfil\s+biol[oó]gico",
    r"situaci[oó]n\s+socioecon[oó]mica|registro\s+social\s+de\s+hogares|vulnerabilidad\s+social",
)
PATTERN = r"(?i)\b(?:" + "|".join(TERMS) + r")\b"
GATE = r"(?i:" + "|".join(TERMS) + r")"
"""`PATTERN` without its word boundaries: a cheap pre-check (Unicode `\\b` keeps the regex
engine off its fast path on accented text, about ten times slower)."""


def scan(series: pl.Series, allow: frozenset[str] = frozenset()) -> Scan:
    """Flag cells that speak of a sensitive category; the redacted text drops the whole cell."""
    mask = series.str.contains(PATTERN).fill_null(False)
    if not mask.any():
        return Scan({KIND: mask}, series)
    redacted = pl.select(pl.when(mask).then(pl.lit(LABELS[KIND])).otherwise(series)).to_series()
    return Scan({KIND: mask}, redacted.alias(series.name))
