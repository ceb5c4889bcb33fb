"""`ValidationReport`: counts, capped findings with totals, placeholders and the policy verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datamuni.json_files import write_json
from datamuni.validation.findings import Finding, Severity

EXIT_OK, EXIT_QUARANTINED, EXIT_BLOCKED = 0, 1, 2


@dataclass
class RuleCount:
    """How many rows broke one rule on one column, and how many examples the report keeps."""

    rule: str
    field: str | None
    column: str | None
    severity: Severity
    message: str
    total: int = 0
    shown: int = 0


@dataclass
class ValidationReport:
    """What validation found in one table (JSON- and HTML-ready; no raw personal values)."""

    kind: str
    kind_version: str
    source: str
    period: str | None = None
    municipality: str | None = None
    kind_guessed: bool = False
    rows_total: int = 0
    rows_valid: int = 0
    rows_quarantined: int = 0
    max_invalid_ratio: float = 0.0
    blocked: bool = False
    block_reason: str | None = None
    findings: list[Finding] = field(default_factory=list)
    counts: dict[tuple[str, str | None], RuleCount] = field(default_factory=dict)
    placeholders: list[dict[str, Any]] = field(default_factory=list)
    formula_cells: dict[str, int] = field(default_factory=dict)
    unmapped_headers: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    suite: dict[str, Any] = field(default_factory=dict)
    checklist: list[str] = field(default_factory=list)
    quarantine_file: str | None = None
    seconds: float = 0.0

    @property
    def invalid_ratio(self) -> float:
        """Share of rows sent to quarantine."""
        return self.rows_quarantined / self.rows_total if self.rows_total else 0.0

    @property
    def exit_code(self) -> int:
        """0 ok, 1 rows quarantined or warnings, 2 blocked."""
        if self.blocked:
            return EXIT_BLOCKED
        warnings = any(c.total and c.severity == "advertencia" for c in self.counts.values())
        return EXIT_QUARANTINED if self.rows_quarantined or warnings else EXIT_OK

    def block(self, reason: str) -> None:
        """Mark the dataset as blocked (the first reason wins)."""
        if not self.blocked:
            self.blocked, self.block_reason = True, reason

    def apply_ratio_policy(self) -> None:
        """Block when the share of invalid rows is above the kind's limit (call after streaming)."""
        if self.rows_total and self.invalid_ratio > self.max_invalid_ratio:
            self.block(
                f"{self.rows_quarantined} de {self.rows_total} filas ({self.invalid_ratio:.1%}) "
                f"tienen errores; el máximo permitido es {self.max_invalid_ratio:.1%}."
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for `reporte.json`."""
        return {
            "tipo": self.kind,
            "version_esquema": self.kind_version,
            "archivo": self.source,
            "periodo": self.period,
            "municipio": self.municipality,
            "tipo_adivinado": self.kind_guessed,
            "filas_total": self.rows_total,
            "filas_validas": self.rows_valid,
            "filas_en_cuarentena": self.rows_quarantined,
            "proporcion_invalida": round(self.invalid_ratio, 6),
            "maximo_invalido": self.max_invalid_ratio,
            "bloqueado": self.blocked,
            "motivo_bloqueo": self.block_reason,
            "codigo_salida": self.exit_code,
            "resumen": [vars(count).copy() for count in self.counts.values()],
            "hallazgos": [finding.to_dict() for finding in self.findings],
            "marcadores": self.placeholders,
            "celdas_formula": self.formula_cells,
            "columnas_no_reconocidas": self.unmapped_headers,
            "columnas_faltantes": self.missing_columns,
            "suite": self.suite,
            "lista_de_revision": self.checklist,
            "cuarentena": self.quarantine_file,
            "segundos": round(self.seconds, 3),
        }

    def write_json(self, path: Path) -> Path:
        """Write the report as UTF-8 JSON."""
        return write_json(path, self.to_dict())

    def write_html(self, path: Path) -> Path:
        """Write the report as a self-contained Spanish HTML page."""
        from datamuni.validation.html_report import render_html

        path.write_text(render_html(self), encoding="utf-8")
        return path
