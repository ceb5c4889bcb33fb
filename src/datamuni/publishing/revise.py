"""The single `package_revise` request that applies a `Plan` at once (pure: no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from datamuni.publishing.plan import CREATED, UPDATED, Plan

LIST_FIELDS = ("tags", "groups", "extras")
"""List fields removed (`filter`) before `update` sets them, so no stale item stays behind."""


def revise_request(plan: Plan, current: dict[str, Any]) -> tuple[dict[str, str], dict[str, Path]]:
    """Form fields and files of the one `package_revise` call that applies `plan` atomically.

    `match` pins `metadata_modified`: if another run changed the dataset since it was read,
    CKAN refuses (under its row lock) and the caller re-reads instead of duplicating.
    """
    data = {
        "match": json.dumps(
            {"id": current["id"], "metadata_modified": current["metadata_modified"]}
        )
    }
    files: dict[str, Path] = {}
    if plan.dataset_update:
        dropped = [f"-{key}" for key in LIST_FIELDS if key in plan.dataset_update]
        if dropped:
            data["filter"] = json.dumps(dropped)
        data["update"] = json.dumps(plan.dataset_update, ensure_ascii=False)
    new = [step for step in plan.steps if step.action == CREATED]
    if new:
        data["update__resources__extend"] = json.dumps([s.fields for s in new], ensure_ascii=False)
        for position, step in enumerate(new):
            assert step.file is not None
            files[f"update__resources__{position - len(new)}__upload"] = step.file
    for step in plan.steps:
        if step.action == UPDATED and step.resource_id:
            data[f"update__resources__{step.resource_id}"] = json.dumps(
                step.fields, ensure_ascii=False
            )
            if step.file is not None:
                files[f"update__resources__{step.resource_id}__upload"] = step.file
    return data, files
