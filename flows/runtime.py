"""Run-time wiring shared by the flows: settings, CKAN concurrency slot, cache keys, redaction."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound

from datamuni.settings import Settings
from datamuni.sources.read import file_digest

DEFAULT_CKAN_SLOTS = 4
CACHE_VERSION = "1"
LOGGERS = ("prefect", "prefect.flow_runs", "prefect.task_runs", "datamuni")


def build_settings() -> Settings:
    """The one Settings object of a flow run (built at run time, never at import)."""
    return Settings()


def ckan_limit_name(settings: Settings) -> str:
    """Name of the global concurrency limit of this CKAN instance (`ckan-127-0-0-1-5000`)."""
    parts = urlsplit(settings.ckan_url)
    host = f"{parts.hostname or 'ckan'}-{parts.port or ''}".strip("-")
    return "ckan-" + re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")


def ensure_ckan_limit(settings: Settings, slots: int = DEFAULT_CKAN_SLOTS) -> str:
    """Create the CKAN instance's concurrency limit if it does not exist (never lowers one)."""
    name = ckan_limit_name(settings)
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=name, limit=slots)
            )
    return name


@contextmanager
def ckan_slot(settings: Settings) -> Iterator[None]:
    """Hold one slot of the CKAN instance's limit while a dataset goes through the pipeline."""
    name = ensure_ckan_limit(settings)
    with concurrency(name, occupy=1, strict=True):
        yield


def input_hash(settings: Settings, arguments: dict[str, Any]) -> str | None:
    """Cache key of one dataset run: source sha256 + schema version + period (None: no cache)."""
    source = arguments.get("fuente")
    if not isinstance(source, str | Path) or not Path(source).is_file():
        return None  # URLs and SQL change without notice: never skipped
    schema = settings.resolve(Path("schemas")) / f"{arguments['tipo']}.yaml"
    parts = [
        CACHE_VERSION,
        file_digest(Path(source))[0],
        file_digest(schema)[0] if schema.is_file() else "sin-esquema",
        str(arguments["cut"]),
        str(arguments["tipo"]),
        str(arguments["periodo"]),
        f"publicar={arguments.get('publicar', True)}",
        f"simulacion={arguments.get('simulacion', False)}",
        settings.ckan_url,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def install_redaction() -> int:
    """Install the protection redaction filter on Prefect's and datamuni's loggers (once each)."""
    from datamuni.protection.logfilter import RedactionFilter
    from datamuni.protection.logfilter import install_redaction as install

    installed = 0
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(item, RedactionFilter) for item in logger.filters):
            install(logger)
            installed += 1
    return installed
