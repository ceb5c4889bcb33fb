"""The protection audit: counts per field and detector, k reached, suppressions; never values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from datamuni.json_files import write_json
from datamuni.validation.findings import Finding

DETECTOR_NAMES = {
    "rut": "RUT de persona natural",
    "rut_empresa": "RUT de persona jurídica",
    "email": "correo electrónico",
    "phone": "teléfono",
    "address": "dirección",
    "sensitive": "dato sensible",
}


@dataclass
class Example:
    """Where a detection was first seen, with a masked value."""

    row: int | None
    masked: str


@dataclass
class FieldAudit:
    """What protection did to one field (or one unmapped column)."""

    action: str
    cells: int = 0
    cells_redacted: int = 0
    pseudonymised: int = 0
    generalized: int = 0
    not_generalizable: int = 0
    detections: dict[str, int] = field(default_factory=dict)
    examples: dict[str, Example] = field(default_factory=dict)


@dataclass
class ProtectionReport:
    """Audit of one protection run; `to_dict()` is what the JSON report and HTML part show."""

    kind: str
    blocked: bool = False
    reason: str | None = None
    rows_in: int = 0
    rows_out: int = 0
    published_columns: list[str] = field(default_factory=list)
    fields: dict[str, FieldAudit] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    k_anonymity: dict[str, Any] = field(default_factory=dict)
    aggregation: dict[str, Any] = field(default_factory=dict)

    @property
    def block_reason(self) -> str | None:
        """Why the dataset is blocked (alias of `reason` used by the pipeline)."""
        return self.reason

    def audit(self, name: str, action: str) -> FieldAudit:
        """The audit entry of a field, created on first use."""
        if name not in self.fields:
            self.fields[name] = FieldAudit(action)
        return self.fields[name]

    def detections_by_kind(self) -> dict[str, int]:
        """Cells with a detection per detector kind, over every column."""
        totals: dict[str, int] = {}
        for audit in self.fields.values():
            for kind, count in audit.detections.items():
                totals[kind] = totals.get(kind, 0) + count
        return totals

    def cells_redacted(self) -> int:
        """Cells whose published value had something removed."""
        return sum(audit.cells_redacted for audit in self.fields.values())

    def findings(self) -> list[Finding]:
        """Detections in published fields as validation findings (masked values)."""
        found = []
        for name, audit in self.fields.items():
            if audit.action not in ("publicar", "generalizar", "agregar"):
                continue
            for kind, count in audit.detections.items():
                if not count:
                    continue
                example = audit.examples.get(kind)
                found.append(
                    Finding(
                        rule=f"pii:{kind}",
                        message=(
                            f"El campo `{name}` se declara `{audit.action}` pero {count} celda(s) "
                            f"contienen {DETECTOR_NAMES[kind]}; esas celdas se eliminaron."
                        ),
                        fix="Corrija el archivo o declare otra acción de protección para el campo.",
                        severity="advertencia",
                        row=example.row if example else None,
                        field=name,
                        value=example.masked if example else None,
                    )
                )
        return found

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON reports, itself passed through the detectors."""
        from datamuni.protection.logfilter import redact_structure

        data = asdict(self)
        data["detections_by_kind"] = self.detections_by_kind()
        data["cells_redacted"] = self.cells_redacted()
        result: dict[str, Any] = redact_structure(data)
        return result

    def write_json(self, path: Path) -> Path:
        """Write the report (`to_dict`) as UTF-8 JSON: `proteccion.json` of runs and `proteger`."""
        return write_json(path, self.to_dict())
