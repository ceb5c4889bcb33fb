"""CKAN set-up and clean-up of the benchmark (sysadmin): groups, organizations, purge.

Organizations are the municipalities' real ones (`municipalidad-de-<comuna>`); the benchmark
records the ones it created, and `--limpiar` purges only those (once empty) and its own
`nac-*` datasets, so the demo's organizations and datasets are never touched.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import SecretStr

from benchmarks.national.world import PREFIX
from datamuni.catalog import DatasetKind
from datamuni.publishing import mapping
from datamuni.publishing.bootstrap import ensure_group
from datamuni.publishing.client import CkanClient, CkanRefused
from datamuni.territory import Comuna

CREATED_FILE = "organizaciones-creadas.json"


def _created_path(folder: Path) -> Path:
    return folder / "state" / CREATED_FILE


def prepare_ckan(
    client: CkanClient, folder: Path, comunas: list[Comuna], kinds: list[DatasetKind]
) -> int:
    """Ensure the kinds' groups and the municipalities' organizations; the organizations created."""
    for group in sorted({kind.catalog.group for kind in kinds if kind.catalog.group}):
        ensure_group(client, group)
    path = _created_path(folder)
    created: set[str] = set(json.loads(path.read_text())) if path.is_file() else set()
    made = 0
    for comuna in comunas:
        wanted = mapping.organization_dict(comuna)
        if client.show_or_none("organization_show", wanted["name"]) is None:
            client.call("organization_create", wanted)
            created.add(str(wanted["name"]))
            made += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(created), indent=1) + "\n", encoding="utf-8")
    return made


def benchmark_datasets(client: CkanClient, kind_prefix: str = PREFIX) -> list[str]:
    """Names of every `nac-*` dataset in CKAN (private and deleted included)."""
    found: list[str] = []
    prefix = kind_prefix.replace("_", "-")
    while True:
        page = client.call(
            "package_search",
            {
                "q": f"name:{prefix}*",
                "rows": 1000,
                "start": len(found),
                "include_private": True,
                "include_drafts": True,
                "fl": "name",
            },
        )
        names = [str(item["name"]) for item in page["results"]]
        found += [name for name in names if name.startswith(prefix)]
        if len(names) < 1000:
            return found


def clean_ckan(
    folder: Path, ckan_url: str, token: SecretStr, kind_prefix: str = PREFIX
) -> tuple[int, int]:
    """Purge the benchmark's datasets, then the organizations it created once they are empty."""
    client = CkanClient(ckan_url, token)
    purged = 0
    for name in benchmark_datasets(client, kind_prefix):
        client.call("dataset_purge", {"id": name})
        purged += 1
    path = _created_path(folder)
    created = json.loads(path.read_text()) if path.is_file() else []
    removed, kept = 0, []
    for organization in created:
        try:
            shown = client.call("organization_show", {"id": organization})
        except CkanRefused:
            continue
        if int(shown.get("package_count") or 0) > 0:
            kept.append(organization)
            continue
        try:
            client.call("organization_purge", {"id": organization})
        except CkanRefused:  # private or deleted datasets of other runs (not counted above)
            kept.append(organization)
            continue
        removed += 1
    if path.is_file():
        path.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
    return purged, removed


def token_of(project: Path) -> SecretStr:
    """The local stack's sysadmin token (never printed)."""
    return SecretStr((project / ".stack" / "ckan" / "sysadmin.token").read_text().strip())
