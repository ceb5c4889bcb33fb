"""`run_incremental`: `run_dataset` behind the no-change fast path (flows and benchmarks alike).

Unchanged inputs cost one CKAN read and no pipeline; changed inputs run the whole pipeline and
the publication records their fingerprint for the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr

from datamuni.errors import DatamuniError, PublishError
from datamuni.publishing import fingerprint
from datamuni.publishing.client import CkanClient
from datamuni.publishing.unchanged import cached_catalog, skip_if_unchanged, source_fingerprint
from datamuni.settings import Settings
from datamuni.territory import resolve_comuna

if TYPE_CHECKING:
    from datamuni.pipeline import ProgressCallback, RunResult

OUTCOME_UNCHANGED = "sin cambios"
"""Outcome of a run the fast path answered (stored as `publicado` in the progress store)."""


def run_incremental(
    settings: Settings,
    *,
    source: str | Path,
    kind: str,
    municipality: str,
    period: str,
    token: SecretStr | None,
    contact: dict[str, str] | None = None,
    publish: bool = True,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    client: CkanClient | None = None,
    force: bool = False,
) -> RunResult:
    """Answer an unchanged dataset from one `package_show`; otherwise run the whole pipeline.

    The fast path's read is tried once: if CKAN does not answer it, the full path runs (with its
    retries and its own error), exactly as without the fast path. `force` (the flows' `forzar`)
    always runs the whole pipeline.
    """
    from datamuni import pipeline  # at call time: tests stand a fake pipeline in

    try:
        dataset_kind = cached_catalog(settings).get(kind)
    except DatamuniError:  # the pipeline reports a broken catalogue in its own words
        dataset_kind = None
    wanted = (
        source_fingerprint(settings, dataset_kind, source, municipality, period, contact)
        if dataset_kind is not None
        else None
    )
    fast = publish and not dry_run and token and not force
    if wanted is not None and dataset_kind is not None and fast:
        comuna = resolve_comuna(municipality)
        reader = client or CkanClient(
            settings.ckan_url, token, timeout=settings.ckan_timeout_seconds, attempts=1
        )
        try:
            skipped = skip_if_unchanged(reader, settings, comuna, dataset_kind, period, wanted)
        except PublishError:
            skipped = None
        if skipped is not None:
            return pipeline.RunResult(
                run_folder=Path(""),
                kind=kind,
                municipality=comuna.code,
                period=period,
                outcome=OUTCOME_UNCHANGED,
                validation={},
                protection={},
                source={"huella_entrada": wanted},
                publish=skipped,
            )
    with fingerprint.recording(wanted):
        return pipeline.run_dataset(
            settings,
            source=source,
            kind=kind,
            municipality=municipality,
            period=period,
            publish=publish,
            dry_run=dry_run,
            token=token,
            contact=contact,
            on_progress=on_progress,
        )
