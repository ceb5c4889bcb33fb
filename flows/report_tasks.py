"""Prefect task of the national progress report: artifacts for CPLT and the open dataset."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from datamuni.settings import Settings
from flows.runtime import build_settings, ckan_slot

if TYPE_CHECKING:
    from datamuni.progress.national import NationalView


@task(name="informe-nacional", retries=2, retry_delay_seconds=5)
def informe_nacional(region: str | None = None) -> str:
    """Render the progress view as artifacts; the national one is also published to CKAN."""
    from datamuni.progress import ProgressStore, national_view, render_markdown

    settings = build_settings()
    store = ProgressStore(settings.progress_url())
    try:
        view = national_view(store, region=region)
    finally:
        store.close()
    text = render_markdown(view)
    create_markdown_artifact(text, key="avance-nacional", description="Avance MGTM 2.0")
    create_table_artifact(
        [
            {"etapa": str(stage), "municipalidades": count}
            for stage, count in view.stage_counts.items()
        ],
        key="avance-etapas",
        description=f"Municipalidades por etapa (meta: {view.target})",
    )
    if region is None:
        _publish_progress_dataset(settings, view)
    return text


def _publish_progress_dataset(settings: Settings, view: NationalView) -> str | None:
    """Publish the national view as the open progress dataset and link it; None without token."""
    from datamuni.publishing.progress_dataset import publish_view

    logger = get_run_logger()
    token = settings.ckan_api_token()
    if token is None:
        logger.warning("Sin token de CKAN: el avance nacional no se publicó como conjunto abierto")
        return None
    with ckan_slot(settings):
        result = publish_view(settings, token, view)
    logger.info("Conjunto de avance %s: %s", result.dataset_url, result.action)
    create_link_artifact(
        result.dataset_url,
        link_text="Conjunto de avance MGTM 2.0 en CKAN",
        key="ckan-avance-mgtm",
        description=f"Avance al {view.today.isoformat()} publicado en CKAN: {result.action}",
    )
    return result.dataset_url
