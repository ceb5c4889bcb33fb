"""Cheap necessary conditions for the detectors, so costly regexes run only on candidate cells.

A gate never changes a verdict: every cell a detector could flag passes its gate, and detectors
judge each cell alone, so running them on the candidate cells only gives the same result.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Callable
from typing import Any

import polars as pl

Gate = Callable[[pl.Series], "pl.Series | None"]
"""Boolean series of the candidate cells (null cells are never candidates), or None for all."""

_FOLDS_INTO_ASCII = ["\u017f", "\u212a"]
"""Non-ASCII letters that a case-insensitive regex matches as `s` and `k` (long s, Kelvin sign)."""


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """ASCII texts (lowercase) one of which every match of `pattern` contains; None if unknown."""
    found = _factors(list(sre_parse.parse(pattern)))
    return tuple(sorted(found)) if found else None


def _factors(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Best set of required literals of a parsed sequence (longest shortest member)."""
    candidates: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre_constants.LITERAL and value < 128:
            run += chr(value).lower()
            continue
        if run:
            candidates.append({run})
            run = ""
        inner: set[str] | None = None
        if op is sre_constants.SUBPATTERN:
            inner = _factors(list(value[3]))
        elif op is sre_constants.BRANCH:
            branches = [_factors(list(branch)) for branch in value[1]]
            if all(branches):
                inner = set().union(*(branch for branch in branches if branch))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] >= 1:
            inner = _factors(list(value[2]))
        if inner:
            candidates.append(inner)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda texts: (min(len(text) for text in texts), -len(texts)))


def literal_gate(literals: tuple[str, ...]) -> Gate:
    """A gate: cells holding one of `literals`, ASCII case-insensitive."""

    # cells with letters a case-insensitive regex folds into ASCII are candidates too
    needles = [*literals, *_FOLDS_INTO_ASCII]

    def gate(series: pl.Series) -> pl.Series | None:
        return series.str.contains_any(needles, ascii_case_insensitive=True)

    return gate


def literals_pattern(literals: tuple[str, ...]) -> str:
    """A regex for cells holding one of `literals`, case-insensitive with Unicode folding (so
    `paſaje` and `\u212aalle` match as the detectors' own case-insensitive regexes do)."""
    return "(?i:" + "|".join(re.escape(text) for text in literals) + ")"


def regex_gate(pattern: str) -> Gate:
    """A gate: cells matching a cheap regex that every detection also matches."""

    def gate(series: pl.Series) -> pl.Series | None:
        return series.str.contains(pattern)

    return gate
