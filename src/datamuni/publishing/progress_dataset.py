"""`publish_progress`: the national MGTM 2.0 progress as an open CKAN dataset of its own."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from datamuni.errors import PublishError
from datamuni.progress.chart import render_chart
from datamuni.progress.national import NationalView
from datamuni.progress.render import export_progress_csv
from datamuni.publishing import mapping, progress_mapping
from datamuni.publishing.client import CkanClient
from datamuni.publishing.publish import apply_plan, client_for
from datamuni.publishing.result import PublishResult
from datamuni.settings import Settings


def ensure_cplt_organization(client: CkanClient) -> str:
    """Create (or reactivate and retitle) the Consejo para la Transparencia organization."""
    wanted = progress_mapping.organization_dict()
    found = client.show_or_none("organization_show", wanted["name"])
    if found is None:
        client.call("organization_create", wanted)
    elif found.get("title") != wanted["title"] or found.get("state") != "active":
        client.call("organization_patch", {"id": found["id"], **wanted, "state": "active"})
    return str(wanted["name"])


def _sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_dictionary(csv_path: Path) -> Path:
    """Write the data dictionary next to the CSV (same bytes every time)."""
    path = csv_path.with_name(f"{csv_path.stem}-diccionario.csv")
    content = progress_mapping.dictionary_csv()
    if not path.is_file() or path.read_bytes() != content:
        path.write_bytes(content)
    return path


def publish_progress(
    settings: Settings,
    token: SecretStr | None,
    csv_path: Path,
    chart_path: Path | None = None,
    *,
    today: date,
    name: str = progress_mapping.DATASET_NAME,
    client: CkanClient | None = None,
) -> PublishResult:
    """Publish the progress CSV (and chart): zero writes when unchanged, one atomic revise else."""
    if token is None and client is None:
        raise PublishError(
            "No hay token de CKAN para publicar el avance nacional.",
            "Defina `DATAMUNI_CKAN_TOKEN` (o `DATAMUNI_CKAN_TOKEN_FILE`) con el token de "
            "administración del portal o de un editor del Consejo para la Transparencia.",
        )
    if not csv_path.is_file():
        raise PublishError(
            f"No existe el CSV de avance `{csv_path}`.",
            "Genérelo con `datamuni avance --csv ARCHIVO` y vuelva a publicar.",
        )
    client = client or client_for(settings, token)
    ensure_cplt_organization(client)
    summary = progress_mapping.summarize_progress_csv(csv_path.read_text(encoding="utf-8"))
    dictionary = _write_dictionary(csv_path)
    files = {
        mapping.ROLE_DATA: (csv_path, _sha256(csv_path)),
        mapping.ROLE_DICTIONARY: (dictionary, _sha256(dictionary)),
    }
    if chart_path is not None:
        files[progress_mapping.ROLE_CHART] = (chart_path, _sha256(chart_path))
    applied = apply_plan(
        client,
        name,
        lambda current: progress_mapping.plan_progress(
            current, files, settings.licence_id, today, summary, name
        ),
    )
    return PublishResult(
        f"{settings.ckan_url.rstrip('/')}/dataset/{name}",
        _data_url(applied.package),
        applied.action,
        client.writes,
        client.reads,
        applied.plan,
    )


def publish_view(
    settings: Settings,
    token: SecretStr | None,
    view: NationalView,
    *,
    name: str = progress_mapping.DATASET_NAME,
) -> PublishResult:
    """Export the national view (CSV, PNG) to a temporary folder and publish it."""
    if view.region_code is not None:
        raise PublishError(
            f"El avance de la región `{view.region_code}` no se publica como conjunto abierto.",
            "El conjunto de avance es nacional: publique sin `--region`.",
        )
    stem = f"avance-mgtm-{view.today.isoformat()}"
    with tempfile.TemporaryDirectory(prefix="datamuni-avance-") as folder:
        csv_path = export_progress_csv(view, Path(folder) / f"{stem}.csv")
        chart_path = render_chart(view, Path(folder) / f"{stem}.png")
        return publish_progress(settings, token, csv_path, chart_path, today=view.today, name=name)


def _data_url(package: dict[str, Any] | None) -> str:
    """Download URL of the CSV resource, when the dataset exists."""
    for resource in (package or {}).get("resources", []):
        if resource.get(mapping.ROLE) == mapping.ROLE_DATA:
            return str(resource.get("url", ""))
    return ""
