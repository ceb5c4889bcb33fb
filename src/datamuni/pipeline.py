"""`run_dataset`: the whole journey of one municipality × kind × period (CLI and flows alike)."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from pydantic import SecretStr

from datamuni.catalog import catalog_from_settings
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import ConfigurationError, DatamuniError, ProtectionError
from datamuni.packaging.builder import finish_package
from datamuni.packaging.draft import PackageDraft, dataset_lock, discard_package, start_package
from datamuni.prefetch import prefetched
from datamuni.protection.logfilter import install_redaction
from datamuni.protection.protector import Protector
from datamuni.publishing.publish import publish_package
from datamuni.run_result import (
    OUTCOME_BLOCKED,
    OUTCOME_PUBLISHED,
    OUTCOME_QUARANTINED,
    OUTCOME_SIMULATED,
    OUTCOME_VALIDATED,
    ProgressCallback,
    RowCounter,
    RunResult,
)
from datamuni.runs import RunFolder
from datamuni.settings import Settings
from datamuni.sources.read import describe_source, read_source
from datamuni.territory import Comuna
from datamuni.validation.suite import start_suite_engine
from datamuni.validation.validator import Validator


def run_dataset(
    settings: Settings,
    *,
    source: str | Path,
    kind: str | None,
    municipality: str,
    period: str,
    publish: bool = True,
    dry_run: bool = False,
    token: SecretStr | None = None,
    contact: dict[str, str] | None = None,
    on_progress: ProgressCallback | None = None,
    republish_withdrawn: bool = False,
) -> RunResult:
    """Extract → validate → protect → package → (publish) one dataset; blocked data never leaves."""
    install_redaction()  # CLI and flows alike: no log record leaves unredacted
    try:
        comuna = resolve_comuna(municipality)
        with dataset_lock(settings, comuna.code, kind, period):
            return _run_dataset(
                settings, source=source, kind=kind, comuna=comuna, period=period,
                publish=publish, dry_run=dry_run, token=token, contact=contact,
                on_progress=on_progress, republish_withdrawn=republish_withdrawn,
            )  # fmt: skip
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise
        where = error.filename or settings.resolve(settings.runs_dir)
        raise DatamuniError(
            f"No se pudo escribir en `{where}`: {os.strerror(error.errno or 0)}. "
            "La ejecución se detuvo sin publicar nada nuevo.",
            "Libere espacio en el disco de las carpetas de ejecución y paquetes "
            "(`runs_dir`, `datapackages_dir`) y vuelva a ejecutar.",
        ) from error


def _run_dataset(
    settings: Settings,
    *,
    source: str | Path,
    kind: str | None,
    comuna: Comuna,
    period: str,
    publish: bool,
    dry_run: bool,
    token: SecretStr | None,
    contact: dict[str, str] | None,
    on_progress: ProgressCallback | None,
    republish_withdrawn: bool,
) -> RunResult:
    """The journey itself (`run_dataset` adds redaction, purge and disk-error translation)."""
    catalog = catalog_from_settings(settings)
    if kind is not None and kind not in catalog:
        raise ConfigurationError(
            f"Tipo de conjunto desconocido `{kind}`.",
            f"Use uno de: {', '.join(sorted(catalog))}.",
        )
    if kind is not None:  # GX imports in its process while the source is opened
        start_suite_engine(catalog[kind], settings.suite_engine)
    table = read_source(
        source,
        settings,
        kind=catalog[kind] if kind else None,
        catalog=catalog,
        municipality=comuna.code,
        hashed=True,  # for `fuente.json`
    )
    dataset_kind = catalog[table.kind]
    run = RunFolder.create(settings, comuna.code, dataset_kind.name, period)
    validator = Validator(
        dataset_kind,
        settings,
        run,
        period=period,
        municipality=comuna.code,
        suite_engine=settings.suite_engine,
    )
    protector = Protector(dataset_kind, settings)
    reading = table.open_batches  # each stage in its own thread: read, validate, protect, write
    table.open_batches = lambda: prefetched(reading(), ahead=1, name="lectura")
    validating = prefetched(validator.validate(table), ahead=1, name="validacion")
    rows = RowCounter()
    protecting = prefetched(protector.protect(rows.count(validating)), ahead=1, name="proteccion")
    # progress is reported from this (the caller's) thread: Prefect's run context lives here
    protected = rows.report(protecting, on_progress, table.size_bytes)
    protection_error: ProtectionError | None = None
    draft: PackageDraft | None = None
    try:
        # the data CSV is written while the run streams, into a private draft that becomes the
        # package only if nothing blocks the dataset (a failure removes it)
        draft = start_package(dataset_kind, comuna, period, protected, settings)
    except ProtectionError as error:  # fail closed: undecidable protection blocks the dataset
        protection_error = error
    except BaseException:  # a failed run keeps its record of what was read, when it can
        with contextlib.suppress(Exception):
            run.write_json("fuente.json", describe_source(table))
        raise
    # after the stream: the source's hash was computed beside the reading
    source_facts = describe_source(table)
    run.write_json("fuente.json", source_facts)
    validation = validator.report.to_dict()
    protection = protector.report.to_dict()
    run.write_json("reporte.json", validation)  # the dicts above, not built a second time
    validator.report.write_html(run.file("reporte.html"))
    run.write_json("proteccion.json", protection)
    result = RunResult(
        run_folder=run.path,
        kind=dataset_kind.name,
        municipality=comuna.code,
        period=period,
        outcome=OUTCOME_VALIDATED,
        validation=validation,
        protection=protection,
        source=source_facts,
        rows_total=validator.report.rows_total,
        rows_valid=validator.report.rows_valid,
        rows_quarantined=validator.report.rows_quarantined,
        rows_published=protector.report.rows_out,
    )
    reasons = [
        reason
        for blocked, reason in (
            (validator.report.blocked, validator.report.block_reason or "bloqueado por validación"),
            (protector.report.blocked, protector.report.reason or "bloqueado por protección"),
        )
        if blocked
    ]
    if protection_error is not None and not protector.report.blocked:
        reasons.append(str(protection_error))
    if reasons or draft is None:
        if draft is not None:
            discard_package(draft)  # blocked data never becomes a package
        result.outcome = OUTCOME_BLOCKED
        result.block_reasons = reasons
        return result
    result.package = finish_package(
        draft,
        settings,
        reports={"validacion": validation, "proteccion": protection},
        source=source_facts,
    )
    if publish:
        chosen = token or settings.ckan_api_token()
        if chosen is None:
            raise ConfigurationError(
                "No hay token de CKAN para publicar.",
                "Configure DATAMUNI_CKAN_TOKEN o el token del municipio en "
                "`municipios/<cut>.yaml`.",
            )
        result.publish = publish_package(
            result.package,
            settings,
            chosen,
            contact=contact,
            dry_run=dry_run,
            republish_withdrawn=republish_withdrawn,
        )
        if dry_run:
            result.outcome = OUTCOME_SIMULATED
        else:
            result.outcome = OUTCOME_QUARANTINED if result.rows_quarantined else OUTCOME_PUBLISHED
    return result
