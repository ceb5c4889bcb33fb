"""`publish_package`: idempotent, atomic publication of one built package to CKAN."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from datamuni.errors import PublishError
from datamuni.packaging import BuiltPackage, names
from datamuni.publishing import fingerprint, ledger, mapping
from datamuni.publishing.client import CkanClient, CkanRefused
from datamuni.publishing.datastore import sync_datastore
from datamuni.publishing.plan import CREATED, UNCHANGED, Plan, plan_publication
from datamuni.publishing.result import PublishResult, build_result, data_resource, with_datastore
from datamuni.publishing.revise import revise_request
from datamuni.settings import Settings

ATTEMPTS = 4
log = logging.getLogger(__name__)


def client_for(settings: Settings, token: SecretStr | None) -> CkanClient:
    """A CKAN client configured from settings (timeout, retries)."""
    return CkanClient(
        settings.ckan_url,
        token,
        timeout=settings.ckan_timeout_seconds,
        attempts=settings.ckan_retries,
    )


def publish_package(
    package: BuiltPackage,
    settings: Settings,
    token: SecretStr,
    *,
    contact: dict[str, str] | None = None,
    dry_run: bool = False,
    republish_withdrawn: bool = False,
    client: CkanClient | None = None,
) -> PublishResult:
    """Publish `package`: zero writes when unchanged, one atomic `package_revise` otherwise."""
    client = client or client_for(settings, token)
    name = names.dataset_name(package.kind.name, package.comuna)
    withdrawn = ledger.find_withdrawal(ledger.read_ledger(settings), name, package.period)
    if withdrawn and not republish_withdrawn:
        raise ledger.refuse_withdrawn(withdrawn, name, package.period)
    recorded = fingerprint.current()  # set by the caller that hashed the inputs (see unchanged.py)
    applied = apply_plan(
        client,
        name,
        lambda current: plan_publication(current, package, contact, recorded),
        dry_run=dry_run,
        inspect=None
        if republish_withdrawn
        else lambda current: _refuse_if_withdrawn_in_ckan(current, name, package.period),
    )
    result = build_result(settings, name, applied.package, applied.plan, applied.action, client)
    resource = data_resource(applied.package, package.period)
    if resource is None:
        return result
    outcome = sync_datastore(
        client,
        package,
        resource,
        max_bytes=settings.datastore_max_bytes,
        chunk_rows=settings.datastore_chunk_rows,
    )
    return with_datastore(result, outcome, client)


@dataclass(frozen=True)
class Applied:
    """What `apply_plan` left in CKAN: the dataset as revised (or read), the plan, the verdict."""

    package: dict[str, Any] | None
    plan: Plan
    action: str


def apply_plan(
    client: CkanClient,
    name: str,
    plan_for: Callable[[dict[str, Any] | None], Plan],
    *,
    dry_run: bool = False,
    inspect: Callable[[dict[str, Any]], None] | None = None,
) -> Applied:
    """Read, plan and apply with one atomic `package_revise`; zero writes when unchanged.

    A missing dataset is first created private and empty; a `match` refusal (another run changed
    the dataset since it was read) makes it read and plan again, at most `ATTEMPTS` times.
    """
    created = False
    for _ in range(ATTEMPTS):
        current = client.show_or_none("package_show", name)
        if current is not None and inspect is not None:
            inspect(current)
        plan = plan_for(current)
        if dry_run:
            return Applied(None, plan, plan.action)
        if current is None:
            created = _create_private(client, plan) or created
            continue
        if not plan.changed:
            return Applied(current, plan, UNCHANGED)
        data, files = revise_request(plan, current)
        if files:
            probe_search_index(client, name)
        try:
            revised = client.call("package_revise", data, files)["package"]
        except CkanRefused as refused:
            if refused.field == "match":
                continue  # another run changed the dataset since we read it: read again
            raise
        action = CREATED if created or plan.action == CREATED else plan.action
        return Applied(revised, plan, action)
    raise PublishError(
        f"El conjunto `{name}` cambió en CKAN {ATTEMPTS} veces mientras se publicaba.",
        "Otra ejecución está publicando el mismo conjunto; espere a que termine y vuelva a "
        "ejecutar.",
    )


def probe_search_index(client: CkanClient, name: str) -> None:
    """Fail before uploading when CKAN's search index (Solr) is down.

    CKAN writes an updated resource's file to its storage path before the database commit, and
    the commit fails without Solr: the previous version's file would be lost. A read right before
    the upload keeps that case from writing anything (it cannot close the race of Solr dying
    between the read and the upload).
    """
    client.call("package_search", {"q": f'name:"{name}"', "rows": 0})


def _create_private(client: CkanClient, plan: Plan) -> bool:
    """Create the dataset private and empty (invisible to citizens until the revise switch).

    Two concurrent runs may both try: CKAN's unique name decides, the loser reads it again.
    """
    fields = {k: v for k, v in plan.dataset_update.items() if k not in ("groups",)}
    fields["private"] = True
    try:
        client.call("package_create", fields)
    except CkanRefused as refused:
        if refused.field == "name":
            return False
        raise
    return True


def _refuse_if_withdrawn_in_ckan(current: dict[str, Any], name: str, period: str) -> None:
    """Honor withdrawals recorded on the dataset itself (made from another machine)."""
    extras = {e["key"]: e["value"] for e in current.get("extras", [])}
    entries = json.loads(extras.get(mapping.WITHDRAWALS_EXTRA, "[]"))
    entries = [dict(e, conjunto=name) for e in entries]
    if current.get("state") == "deleted" and not entries:
        entries = [{"conjunto": name, "recurso": None, "motivo": "eliminado en CKAN", "quien": "?"}]
    found = ledger.find_withdrawal(entries, name, period)
    if found:
        raise ledger.refuse_withdrawn(found, name, period)
