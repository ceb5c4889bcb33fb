"""The national progress as an open CKAN dataset: created, idempotent, updated in place, public."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from datamuni.progress import (
    Event,
    Outcome,
    ProgressStore,
    Stage,
    export_progress_csv,
    national_view,
    render_chart,
)
from datamuni.publishing.progress_dataset import publish_progress
from datamuni.settings import Settings
from datamuni.stack import StackInfo

pytestmark = pytest.mark.integration
TODAY = date(2026, 5, 20)
BEFORE = datetime(2026, 5, 4, 15, tzinfo=UTC)


def show(stack: StackInfo, name: str) -> dict[str, Any]:
    """package_show as a citizen (no token): only public datasets are visible."""
    answer = httpx.post(
        f"{stack.ckan_url}/api/3/action/package_show", json={"id": name}, timeout=60
    )
    body = answer.json()
    assert body["success"], body
    result: dict[str, Any] = body["result"]
    return result


def by_role(shown: dict[str, Any]) -> dict[str, dict[str, Any]]:
    roles = [r["datamuni_rol"] for r in shown["resources"]]
    assert len(roles) == len(set(roles)), roles  # one resource per role, never duplicated
    return {r["datamuni_rol"]: r for r in shown["resources"]}


def export(store: ProgressStore, folder: Path) -> tuple[Path, Path]:
    view = national_view(store, TODAY)
    csv_path = export_progress_csv(view, folder / f"avance-mgtm-{TODAY.isoformat()}.csv")
    return csv_path, render_chart(view, folder / f"avance-mgtm-{TODAY.isoformat()}.png")


def test_progress_dataset_published_idempotent_updated_and_downloadable(
    stack: StackInfo, run_id: str, tmp_path: Path
) -> None:
    settings = Settings(project_dir=tmp_path, ckan_url=stack.ckan_url)
    name = f"avance-mgtm-datos-abiertos-prueba-{run_id}"
    store = ProgressStore(f"sqlite:///{tmp_path / 'progreso.sqlite'}")
    try:
        store.record_event(Event.stage_reached("05101", Stage.ADHESION, occurred_at=BEFORE))
        csv_path, chart_path = export(store, tmp_path / "primero")
        first = publish_progress(
            settings, stack.ckan_token, csv_path, chart_path, today=TODAY, name=name
        )
        assert first.action == "creado" and first.writes >= 2  # private create + one revise
        shown = show(stack, name)
        assert shown["title"] == (
            "Avance municipal en la herramienta de Publicación de Datos Abiertos (MGTM 2.0)"
        )
        assert shown["organization"]["name"] == "consejo-para-la-transparencia"
        assert shown["organization"]["title"] == "Consejo para la Transparencia"
        assert shown["license_id"] == "cc-by" and not shown["private"]
        assert "Fecha de corte: 2026-05-20" in shown["notes"]
        assert set(by_role(shown)) == {"datos", "diccionario", "grafico"}

        again = publish_progress(
            settings, stack.ckan_token, csv_path, chart_path, today=TODAY, name=name
        )
        assert (again.action, again.writes) == ("sin cambios", 0)
        assert show(stack, name)["metadata_modified"] == shown["metadata_modified"]

        store.record_event(
            Event.dataset_run(
                "05101",
                "remuneraciones",
                "2026-04",
                Outcome.PUBLICADO,
                run_id=f"prueba-{run_id}",
                occurred_at=BEFORE,
            )
        )
        new_csv, new_chart = export(store, tmp_path / "segundo")
        assert new_csv.read_bytes() != csv_path.read_bytes()
        updated = publish_progress(
            settings, stack.ckan_token, new_csv, new_chart, today=TODAY, name=name
        )
        assert (updated.action, updated.writes) == ("actualizado", 1)  # one package_revise
        after = show(stack, name)
        before_roles, after_roles = by_role(shown), by_role(after)
        assert len(after["resources"]) == 3
        assert after_roles["datos"]["id"] == before_roles["datos"]["id"]  # updated in place
        assert after_roles["datos"]["hash"] != before_roles["datos"]["hash"]
        assert after_roles["diccionario"]["hash"] == before_roles["diccionario"]["hash"]
        assert "1 de 345 municipalidades" in after["notes"]

        download = httpx.get(updated.resource_url, follow_redirects=True, timeout=60)
        assert download.status_code == 200
        assert download.content == new_csv.read_bytes()
    finally:
        store.close()
