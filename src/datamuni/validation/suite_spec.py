"""The expectation suite of a dataset kind (`validators/<kind>.yaml`): parsing and parameters."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from datamuni.errors import ConfigurationError
from datamuni.validation.findings import Severity

COLUMN_KWARGS = ("column", "column_A", "column_B")


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation of a suite, with the Spanish wording of its findings."""

    id: str
    expectation: str
    kwargs: dict[str, Any]
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def columns(self) -> tuple[str, ...]:
        """Fields the expectation reads."""
        return tuple(str(self.kwargs[k]) for k in COLUMN_KWARGS if k in self.kwargs)

    @property
    def rule(self) -> str:
        """Rule name in findings."""
        return f"gx:{self.id}"


@dataclass(frozen=True)
class SuiteSpec:
    """A parsed suite: expectations plus the officer's checklist."""

    name: str
    expectations: tuple[ExpectationSpec, ...]
    checklist: tuple[str, ...] = field(default_factory=tuple)


def parse_suite(raw: dict[str, Any], kind_name: str) -> SuiteSpec:
    """Parse the raw suite dict; a malformed entry raises ConfigurationError naming it."""
    items = []
    for number, entry in enumerate(raw.get("expectations", []) or [], start=1):
        try:
            severity = entry.get("severity", "error")
            if severity not in ("error", "advertencia"):
                raise ValueError(f"severidad `{severity}`")
            items.append(
                ExpectationSpec(
                    id=str(entry.get("id", entry["expectation"])),
                    expectation=str(entry["expectation"]),
                    kwargs=dict(entry.get("kwargs", {})),
                    message=str(entry["message"]),
                    fix=str(entry["fix"]),
                    severity=severity,
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ConfigurationError(
                f"Expectativa {number} de `validators/{kind_name}.yaml` mal escrita: `{error}`.",
                "Cada expectativa necesita `expectation`, `kwargs`, `message` y `fix`.",
            ) from error
    checklist = tuple(str(item) for item in raw.get("checklist", []) or [])
    return SuiteSpec(str(raw.get("suite", kind_name)), tuple(items), checklist)


def suite_parameters(period: str | None, today: date | None = None) -> dict[str, Any]:
    """Values of `{$param: name}`: `hoy`, and with a period `periodo_anio`, `periodo_mes`..."""
    values: dict[str, Any] = {"hoy": today or date.today()}
    if period:
        try:
            # An annual period (`2024`, SINIM data) spans January to December.
            parts = [int(part) for part in period.split("-")[:2]]
            year = parts[0]
            first_month, month = (parts[1], parts[1]) if len(parts) > 1 else (1, 12)
            last = calendar.monthrange(year, month)[1]
        except (ValueError, IndexError) as error:
            raise ConfigurationError(
                f"Periodo `{period}` inválido.",
                "Use el formato `aaaa-mm` (p. ej. `2026-10`) o `aaaa` para datos anuales.",
            ) from error
        values.update(
            periodo_anio=year,
            periodo_mes=month,
            periodo_inicio=date(year, first_month, 1),
            periodo_fin=date(year, month, last),
        )
    return values


def resolve_parameters(value: Any, parameters: dict[str, Any]) -> Any:
    """Replace `{$param: name}` markers; KeyError names a parameter that has no value."""
    if isinstance(value, dict):
        if set(value) == {"$param"}:
            return parameters[str(value["$param"])]
        return {k: resolve_parameters(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_parameters(v, parameters) for v in value]
    return value
