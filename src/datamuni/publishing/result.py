"""What a publication did (`PublishResult`), built from what CKAN returned."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from datamuni.publishing import mapping
from datamuni.publishing.client import CkanClient
from datamuni.publishing.datastore import DatastoreOutcome
from datamuni.publishing.plan import Plan
from datamuni.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishResult:
    """Where the data is now, what happened, and how many CKAN calls it took."""

    dataset_url: str
    resource_url: str
    action: str
    writes: int
    reads: int
    plan: Plan
    datastore_writes: int = 0
    """CKAN writes of the DataStore step (not in `writes`: the publication itself)."""
    datastore_records: int = 0
    warnings: tuple[str, ...] = ()
    """Spanish warnings: the file is published but something derived (the DataStore) failed."""


def build_result(
    settings: Settings,
    name: str,
    package: dict[str, Any] | None,
    plan: Plan,
    action: str,
    client: CkanClient,
) -> PublishResult:
    """Build the result, with the URL of the period's data resource when it exists."""
    base = settings.ckan_url.rstrip("/")
    period = next(s.name for s in plan.steps if s.role == mapping.ROLE_DATA)
    resource = data_resource(package, period)
    resource_url = str(resource.get("url", "")) if resource else ""
    return PublishResult(
        f"{base}/dataset/{name}", resource_url, action, client.writes, client.reads, plan
    )


def data_resource(package: dict[str, Any] | None, period: str) -> dict[str, Any] | None:
    """The period's data resource in a dataset as CKAN returned it, if any."""
    for resource in (package or {}).get("resources", []):
        if resource.get(mapping.ROLE) == mapping.ROLE_DATA and resource.get("name") == period:
            return dict(resource)
    return None


def with_datastore(
    result: PublishResult, outcome: DatastoreOutcome, client: CkanClient
) -> PublishResult:
    """The publication result plus what the DataStore step did (writes counted apart)."""
    if outcome.warning:
        log.warning("%s", outcome.warning)
    return dataclasses.replace(
        result,
        reads=client.reads,
        datastore_writes=outcome.writes,
        datastore_records=outcome.records,
        warnings=(outcome.warning,) if outcome.warning else (),
    )
