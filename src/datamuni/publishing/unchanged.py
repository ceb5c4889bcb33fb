"""The no-change fast path: one `package_show` answers "already published" for unchanged inputs.

A run whose input fingerprint (source bytes, kind rules, period, contact, settings) equals the one
recorded on the period's data resource, whose DataStore is loaded and which nobody withdrew,
would publish exactly what CKAN holds: it makes that one read and no write, and skips reading,
validating, protecting and packaging the file. Anything else takes the full path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datamuni.catalog import DatasetKind, catalog_from_settings
from datamuni.packaging import names
from datamuni.publishing import fingerprint, ledger, mapping
from datamuni.publishing.client import CkanClient
from datamuni.publishing.datastore_mapping import datastore_marker, needs_load
from datamuni.publishing.plan import UNCHANGED, Plan
from datamuni.publishing.result import PublishResult, data_resource
from datamuni.settings import Settings
from datamuni.sources.read import file_digest
from datamuni.territory import Comuna

_catalogs: dict[tuple[Any, ...], dict[str, DatasetKind]] = {}


def cached_catalog(settings: Settings) -> dict[str, DatasetKind]:
    """The catalogue, parsed once per process while no schema or suite file changes."""
    folders = (settings.resolve(Path("schemas")), settings.resolve(Path("validators")))
    stamp = tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.iterdir())
    )
    if stamp not in _catalogs:
        _catalogs.clear()  # one project per process in practice: keep memory flat
        _catalogs[stamp] = catalog_from_settings(settings)
    return _catalogs[stamp]


def source_fingerprint(
    settings: Settings,
    kind: DatasetKind,
    source: str | Path,
    municipality: str,
    period: str,
    contact: dict[str, str] | None,
) -> str | None:
    """Input fingerprint of a local source file; None for URLs and SQL (they change unseen)."""
    path = Path(source) if not str(source).startswith(("sql:", "http://", "https://")) else None
    if path is None or not path.is_file():
        return None
    return fingerprint.input_fingerprint(
        source_sha256=file_digest(path)[0],
        kind=kind,
        municipality=municipality,
        period=period,
        contact=contact,
        settings=settings,
    )


def unchanged_resource(
    current: dict[str, Any] | None, period: str, wanted: str, max_bytes: int
) -> dict[str, Any] | None:
    """The period's data resource if CKAN already holds what inputs `wanted` publish, else None."""
    if current is None or current.get("state") != "active" or current.get("private"):
        return None
    extras = {e["key"]: e["value"] for e in current.get("extras", [])}
    withdrawals = json.loads(extras.get(mapping.WITHDRAWALS_EXTRA, "[]") or "[]")
    if ledger.find_withdrawal([dict(e, conjunto="*") for e in withdrawals], "*", period):
        return None
    resource = data_resource(current, period)
    if (
        resource is None
        or resource.get(fingerprint.FIELD) != wanted
        or resource.get("size") is None
    ):
        return None
    sha = str(resource.get("hash", "")).removeprefix("sha256:")
    marker = datastore_marker(sha, int(resource["size"]) <= max_bytes)
    return None if needs_load(resource, marker) else resource


@dataclass(frozen=True)
class Unchanged:
    """An unchanged publication: what to report, and the rows its run kept out of it."""

    result: PublishResult
    rows_quarantined: int


def skip_if_unchanged(
    client: CkanClient,
    settings: Settings,
    comuna: Comuna,
    kind: DatasetKind,
    period: str,
    wanted: str,
) -> Unchanged | None:
    """One `package_show`: the result of an unchanged publication, or None (take the full path)."""
    name = names.dataset_name(kind.name, comuna)
    reads, writes = client.reads, client.writes
    if ledger.find_withdrawal(ledger.read_ledger(settings), name, period):
        return None  # the full path explains the refusal
    current = client.show_or_none("package_show", name)
    resource = unchanged_resource(current, period, wanted, settings.datastore_max_bytes)
    if resource is None:
        return None
    base = settings.ckan_url.rstrip("/")
    result = PublishResult(
        dataset_url=f"{base}/dataset/{name}",
        resource_url=str(resource.get("url", "")),
        action=UNCHANGED,
        writes=client.writes - writes,
        reads=client.reads - reads,
        plan=Plan(name, UNCHANGED, {}),
    )
    recorded = str(resource.get(mapping.QUARANTINED, "") or "0")
    return Unchanged(result, int(recorded) if recorded.isdigit() else 0)
