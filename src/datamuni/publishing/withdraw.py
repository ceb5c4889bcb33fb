"""`withdraw`: remove a published period (resource) or a whole dataset, recording who/when/why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from datamuni.errors import PublishError
from datamuni.publishing import ledger, mapping
from datamuni.publishing.client import CkanClient
from datamuni.publishing.publish import client_for
from datamuni.settings import Settings


@dataclass(frozen=True)
class WithdrawResult:
    """What was withdrawn and the ledger entry that records it."""

    dataset: str
    period: str | None
    entry: dict[str, Any]
    writes: int


def withdraw(
    settings: Settings,
    token: SecretStr,
    dataset: str,
    *,
    period: str | None,
    reason: str,
    who: str,
    client: CkanClient | None = None,
) -> WithdrawResult:
    """Withdraw `period` of `dataset` (or the whole dataset when `period` is None)."""
    if not reason.strip():
        raise PublishError(
            "Indique el motivo del retiro.", 'Use `--motivo "..."`: queda registrado.'
        )
    client = client or client_for(settings, token)
    current = client.show_or_none("package_show", dataset)
    if current is None:
        raise PublishError(f"El conjunto `{dataset}` no existe en {settings.ckan_url}.")
    entry = ledger.withdrawal_entry(dataset, period, reason.strip(), who)
    extras = {e["key"]: e["value"] for e in current.get("extras", [])}
    recorded = json.loads(extras.get(mapping.WITHDRAWALS_EXTRA, "[]"))
    recorded.append({k: v for k, v in entry.items() if k != "conjunto"})
    extras[mapping.WITHDRAWALS_EXTRA] = json.dumps(recorded, ensure_ascii=False)
    update: dict[str, Any] = {"extras": [{"key": k, "value": v} for k, v in sorted(extras.items())]}
    filters = ["-extras"]
    if period is not None:
        target = [
            r
            for r in current.get("resources", [])
            if r.get(mapping.ROLE) == mapping.ROLE_DATA and r.get("name") == period
        ]
        if not target:
            raise PublishError(f"El conjunto `{dataset}` no tiene el período `{period}` publicado.")
        filters.append(f"-resources__{target[0]['id']}")
    # One call: the resource disappears and the reason is recorded together, or neither happens.
    client.call(
        "package_revise",
        {
            "match": json.dumps(
                {"id": current["id"], "metadata_modified": current["metadata_modified"]}
            ),
            "filter": json.dumps(filters),
            "update": json.dumps(update, ensure_ascii=False),
        },
    )
    if period is None:
        client.call("package_delete", {"id": current["id"]})
    ledger.append_ledger(settings, entry)
    return WithdrawResult(dataset, period, entry, client.writes)
