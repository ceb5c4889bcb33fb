"""Withdrawals ledger: who withdrew what, when and why (local JSON under `state_dir`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datamuni.atomic_file import replace_text
from datamuni.errors import PublishError
from datamuni.json_files import json_text
from datamuni.settings import Settings

LEDGER_FILE = "retiros.json"


def ledger_path(settings: Settings) -> Path:
    """Path of the withdrawals ledger."""
    return settings.resolve(settings.state_dir) / LEDGER_FILE


def read_ledger(settings: Settings) -> list[dict[str, Any]]:
    """Every withdrawal recorded on this machine, oldest first."""
    path = ledger_path(settings)
    if not path.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def withdrawal_entry(dataset: str, period: str | None, reason: str, who: str) -> dict[str, Any]:
    """One ledger entry (UTC timestamp to the second)."""
    when = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"conjunto": dataset, "recurso": period, "motivo": reason, "quien": who, "cuando": when}


def append_ledger(settings: Settings, entry: dict[str, Any]) -> None:
    """Add an entry, replacing the ledger file atomically."""
    path = ledger_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [*read_ledger(settings), entry]
    replace_text(path, json_text(entries))


def find_withdrawal(
    entries: list[dict[str, Any]], dataset: str, period: str
) -> dict[str, Any] | None:
    """The withdrawal that covers this dataset (whole) or this period of it, if any."""
    for entry in reversed(entries):
        if entry.get("conjunto") == dataset and entry.get("recurso") in (None, period):
            found: dict[str, Any] = entry
            return found
    return None


def refuse_withdrawn(entry: dict[str, Any], dataset: str, period: str) -> PublishError:
    """Spanish error: this dataset or period was withdrawn and is not re-published silently."""
    what = (
        f"el período `{period}` de `{dataset}`"
        if entry.get("recurso")
        else f"el conjunto `{dataset}`"
    )
    return PublishError(
        f"No se publica {what}: fue retirado el {entry.get('cuando')} por {entry.get('quien')} "
        f"(motivo: {entry.get('motivo')}).",
        "Si el problema ya se corrigió, vuelva a publicar indicando `--republicar-retirado`.",
    )
