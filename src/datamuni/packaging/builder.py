"""`build_package`: one deterministic data package per municipality × kind × period."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from datamuni.catalog import DatasetKind
from datamuni.json_files import write_json
from datamuni.packaging import names
from datamuni.packaging.descriptor import (
    dictionary_rows,
    licence_entry,
    public_counts,
    public_schema,
)
from datamuni.packaging.draft import (
    PackageDraft,
    discard_package,
    start_package,
    swap_into_place,
)
from datamuni.settings import Settings
from datamuni.territory import Comuna


@dataclass(frozen=True)
class BuiltPackage:
    """A data package on disk, ready to publish: where it is and what it holds."""

    path: Path
    kind: DatasetKind
    comuna: Comuna
    period: str
    name: str
    data_path: Path
    sha256: str
    bytes: int
    rows: int
    licence_id: str
    descriptor: dict[str, Any]
    quarantined: int = 0
    """Source rows kept out by validation (the data resource records how many)."""

    @property
    def descriptor_path(self) -> Path:
        """The `datapackage.json` file."""
        return self.path / names.DESCRIPTOR_FILE

    @property
    def dictionary_path(self) -> Path:
        """The data dictionary CSV (campo, título, tipo, descripción)."""
        return self.path / names.DICTIONARY_FILE

    @property
    def report_path(self) -> Path:
        """The public report (counts only)."""
        return self.path / names.PUBLIC_REPORT_FILE


def created_for(period: str) -> str:
    """Deterministic `created` of a period's package: its first day at 00:00 UTC."""
    month = period if len(period) == 7 else f"{period}-01"
    return f"{month}-01T00:00:00Z"


def build_package(
    kind: DatasetKind,
    comuna: Comuna,
    period: str,
    batches: Iterable[pa.RecordBatch],
    settings: Settings,
    *,
    reports: dict[str, Any],
    source: dict[str, Any],
    created: str | None = None,
) -> BuiltPackage:
    """Write `datapackages/<cut>-<kind>/<period>/` atomically and return what it holds."""
    draft = start_package(kind, comuna, period, batches, settings)
    return finish_package(draft, settings, reports=reports, source=source, created=created)


def finish_package(
    draft: PackageDraft,
    settings: Settings,
    *,
    reports: dict[str, Any],
    source: dict[str, Any],
    created: str | None = None,
) -> BuiltPackage:
    """Add dictionary, report and descriptor to the draft and swap it into place."""
    try:
        built = _write(draft, settings, reports, source, created)
        final = draft.root / draft.period
        swap_into_place(draft.staging, final, settings)
    except BaseException:
        discard_package(draft)
        raise
    return BuiltPackage(
        path=final,
        kind=draft.kind,
        comuna=draft.comuna,
        period=draft.period,
        name=built["name"],
        data_path=final / built["resources"][0]["path"],
        sha256=built["resources"][0]["hash"].removeprefix("sha256:"),
        bytes=built["resources"][0]["bytes"],
        rows=built["datamuni"]["filas"],
        licence_id=built["licenses"][0]["name"],
        descriptor=built,
        quarantined=int((reports.get("validacion") or {}).get("filas_en_cuarentena", 0) or 0),
    )


def _write(
    draft: PackageDraft,
    settings: Settings,
    reports: dict[str, Any],
    source: dict[str, Any],
    created: str | None,
) -> dict[str, Any]:
    """Write dictionary, report and descriptor next to the data CSV; return the descriptor."""
    folder, kind, comuna, period = draft.staging, draft.kind, draft.comuna, draft.period
    columns, stats, data_name = draft.columns, draft.stats, draft.data_name
    dictionary = folder / names.DICTIONARY_FILE
    with dictionary.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(dictionary_rows(kind, columns))
    dictionary_bytes = dictionary.read_bytes()
    report = {"filas_publicadas": stats.rows, "celdas_neutralizadas": stats.neutralized}
    report.update(public_counts(reports) or {})
    write_json(folder / names.PUBLIC_REPORT_FILE, report)
    licence = kind.catalog.licence or settings.licence_id
    org_title = names.organization_title(comuna)
    descriptor: dict[str, Any] = {
        "name": names.package_name(kind.name, comuna, period),
        "title": f"{kind.catalog.title_pattern.format(comuna=comuna.name)} — {period}",
        "description": kind.catalog.description.format(comuna=comuna.name).strip(),
        "version": kind.version,
        "created": created or created_for(period),
        "licenses": [licence_entry(licence)],
        "sources": [_source_entry(source, org_title)],
        "contributors": [{"title": org_title, "role": "publisher"}],
        "keywords": list(kind.catalog.keywords),
        "resources": [
            {
                "name": names.package_name(kind.name, comuna, period),
                "path": data_name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": f"sha256:{stats.sha256}",
                "bytes": stats.bytes,
                "schema": public_schema(kind, columns),
            },
            {
                "name": "diccionario-de-datos",
                "path": names.DICTIONARY_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": f"sha256:{hashlib.sha256(dictionary_bytes).hexdigest()}",
                "bytes": len(dictionary_bytes),
                "schema": {
                    "fields": [
                        {"name": n, "type": "string"}
                        for n in ("campo", "titulo", "tipo", "descripcion")
                    ]
                },
            },
        ],
        "datamuni": {
            "cut": comuna.code,
            "tipo": kind.name,
            "periodo": period,
            "version_esquema": kind.version,
            "filas": stats.rows,
            "reporte_publico": names.PUBLIC_REPORT_FILE,
        },
    }
    write_json(folder / names.DESCRIPTOR_FILE, descriptor)
    return descriptor


def _source_entry(source: dict[str, Any], default_title: str) -> dict[str, str]:
    """Frictionless source: a title and, when public, its URL (local paths are never exposed)."""
    entry = {"title": str(source.get("title") or default_title)}
    url = str(source.get("url") or source.get("path") or "")
    if url.startswith(("http://", "https://")):
        entry["path"] = url
    return entry
