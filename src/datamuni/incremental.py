"""`run_incremental`: `run_dataset` behind the no-change fast path (CLI, flows, benchmarks).

Unchanged inputs cost one CKAN read and no pipeline; changed inputs run the whole pipeline and
the publication records their fingerprint for the next run.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from datamuni.catalog import DatasetKind
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import DatamuniError, PublishError
from datamuni.publishing import fingerprint
from datamuni.publishing.client import CkanClient
from datamuni.publishing.unchanged import cached_catalog, skip_if_unchanged, source_fingerprint
from datamuni.run_result import ProgressCallback, RunResult
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from datamuni.territory import Comuna

OUTCOME_UNCHANGED = "sin cambios"
"""Outcome of a run the fast path answered (stored as `publicado` in the progress store)."""


def run_incremental(
    settings: Settings,
    *,
    source: str | Path,
    kind: str | None,
    municipality: str,
    period: str,
    token: SecretStr | None,
    contact: dict[str, str] | None = None,
    publish: bool = True,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    client: CkanClient | None = None,
    force: bool = False,
    republish_withdrawn: bool = False,
) -> RunResult:
    """Answer an unchanged dataset from one `package_show`; otherwise run the whole pipeline.

    The fast path's read is tried once: if CKAN does not answer it, the full path runs (with its
    retries and its own error), exactly as without the fast path. `force` (the flows' `forzar`,
    the CLI's `--forzar`) and `republish_withdrawn` always run the whole pipeline.
    """
    # Imported at call time: the flows' wiring tests stand a fake `datamuni.pipeline` in.
    from datamuni import pipeline

    comuna = _comuna_or_none(municipality)
    # a simulation hashes the inputs too: its plan shows the fingerprint a real run would record
    dataset_kind = _dataset_kind(settings, source, kind, comuna) if publish and comuna else None
    wanted = (
        source_fingerprint(settings, dataset_kind, source, comuna.code, period, contact)
        if dataset_kind is not None and comuna is not None
        else None
    )
    fast = token is not None and not dry_run and not force and not republish_withdrawn
    if wanted is not None and dataset_kind is not None and comuna is not None and fast:
        reader = client or CkanClient(
            settings.ckan_url, token, timeout=settings.ckan_timeout_seconds, attempts=1
        )
        try:
            skipped = skip_if_unchanged(reader, settings, comuna, dataset_kind, period, wanted)
        except PublishError:
            skipped = None
        if skipped is not None:
            return RunResult(
                run_folder=Path(""),
                kind=dataset_kind.name,
                municipality=comuna.code,
                period=period,
                outcome=OUTCOME_UNCHANGED,
                validation={},
                protection={},
                source={"huella_entrada": wanted},
                publish=skipped.result,
                rows_quarantined=skipped.rows_quarantined,  # the exit code says so again
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
            republish_withdrawn=republish_withdrawn,
        )


def _comuna_or_none(municipality: str) -> Comuna | None:
    """The municipality, or None: the pipeline reports an unknown one in its own words."""
    try:
        return resolve_comuna(municipality)
    except DatamuniError:
        return None


def _dataset_kind(
    settings: Settings, source: str | Path, kind: str | None, comuna: Comuna
) -> DatasetKind | None:
    """The kind the pipeline will publish as: the one named, or the one a local file's headers show.

    None when it cannot be known cheaply (a URL or SQL source without a kind) or when the
    catalogue or the file is broken: the full path then reports the problem in its own words.
    """
    try:
        catalog = cached_catalog(settings)
        if kind is not None:
            return catalog.get(kind)
        if str(source).startswith(("sql:", "http://", "https://")) or not Path(source).is_file():
            return None  # recognising a remote source's kind would download it twice
        # the same recognition the pipeline makes; only headers are read, no row
        table = read_source(
            Path(source), settings, kind=None, catalog=catalog, municipality=comuna.code
        )
        return catalog.get(table.kind)
    except DatamuniError:
        return None
