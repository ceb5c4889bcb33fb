"""Findings are data: what was wrong, where the officer finds it, and how to fix it (Spanish)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "advertencia"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a table: row and column as the officer sees them in the file."""

    rule: str
    """Machine name of the rule (`type-error`, `required`, `unique`, `gx:<id>`, `pii:rut`...)."""
    message: str
    """Spanish explanation; never contains a personal value (values are masked)."""
    fix: str
    """Spanish: what the officer should do."""
    severity: Severity = "error"
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    """Masked value (e.g. `12.3**.***-*`), or None."""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON reports."""
        return asdict(self)
