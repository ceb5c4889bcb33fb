"""`publish_package`: idempotent, atomic publication of one built package to CKAN."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from datamuni.errors import PublishError
from datamuni.packaging import BuiltPackage, names
from datamuni.publishing import ledger, mapping
from datamuni.publishing.client import CkanClient, CkanRefused
from datamuni.publishing.plan import CREATED, UNCHANGED, Plan, plan_publication, revise_request
from datamuni.settings import Settings

ATTEMPTS = 4


@dataclass(frozen=True)
class PublishResult:
    """Where the data is now, what happened, and how many CKAN calls it took."""

    dataset_url: str
    resource_url: str
    action: str
    writes: int
    reads: int
    plan: Plan


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
    created = False
    for _ in range(ATTEMPTS):
        current = client.show_or_none("package_show", name)
        if current is not None and not republish_withdrawn:
            _refuse_if_withdrawn_in_ckan(current, name, package.period)
        plan = plan_publication(current, package, contact)
        if dry_run:
            return _result(settings, name, None, plan, plan.action, client)
        if current is None:
            created = _create_private(client, plan) or created
            continue
        if not plan.changed:
            return _result(settings, name, current, plan, UNCHANGED, client)
        data, files = revise_request(plan, current)
        try:
            revised = client.call("package_revise", data, files)["package"]
        except CkanRefused as refused:
            if refused.field == "match":
                continue  # another run changed the dataset since we read it: read again
            raise
        action = CREATED if created or plan.action == CREATED else plan.action
        return _result(settings, name, revised, plan, action, client)
    raise PublishError(
        f"El conjunto `{name}` cambió en CKAN {ATTEMPTS} veces mientras se publicaba.",
        "Otra ejecución está publicando el mismo conjunto; espere a que termine y vuelva a "
        "ejecutar.",
    )


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


def _result(
    settings: Settings,
    name: str,
    package: dict[str, Any] | None,
    plan: Plan,
    action: str,
    client: CkanClient,
) -> PublishResult:
    """Build the result, with the URL of the period's data resource when it exists."""
    base = settings.ckan_url.rstrip("/")
    resource_url = ""
    period = next(s.name for s in plan.steps if s.role == mapping.ROLE_DATA)
    for resource in (package or {}).get("resources", []):
        if resource.get(mapping.ROLE) == mapping.ROLE_DATA and resource.get("name") == period:
            resource_url = str(resource.get("url", ""))
    return PublishResult(
        f"{base}/dataset/{name}", resource_url, action, client.writes, client.reads, plan
    )
