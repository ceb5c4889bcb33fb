"""Pure diff between what CKAN holds and a package: created / updated / unchanged
(`revise.revise_request` turns it into the one request that applies it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datamuni.packaging import BuiltPackage
from datamuni.publishing import fingerprint as input_print
from datamuni.publishing import mapping
from datamuni.publishing.datastore_mapping import dictionary_summary

CREATED, UPDATED, UNCHANGED = "creado", "actualizado", "sin cambios"


@dataclass(frozen=True)
class ResourceStep:
    """What happens to one resource: its role, CKAN fields, file to upload and the verdict."""

    role: str
    name: str
    action: str
    resource_id: str | None
    fields: dict[str, Any]
    file: Path | None


@dataclass(frozen=True)
class Plan:
    """The difference between CKAN and the package, computed without touching the network."""

    dataset_name: str
    dataset_action: str
    dataset_update: dict[str, Any]
    steps: tuple[ResourceStep, ...] = field(default_factory=tuple)
    dictionary: tuple[str, ...] = ()
    """Spanish lines of the DataStore data dictionary loaded when the data resource changes."""

    @property
    def changed(self) -> bool:
        """Whether anything must be written."""
        return self.dataset_action != UNCHANGED or any(s.action != UNCHANGED for s in self.steps)

    @property
    def action(self) -> str:
        """Verdict of the period's data resource (the one a citizen downloads)."""
        data = next(s for s in self.steps if s.role == mapping.ROLE_DATA)
        if data.action == UNCHANGED and self.changed:
            return UPDATED
        return data.action

    def summary(self) -> list[str]:
        """Spanish lines: one for the dataset, one per resource."""
        lines = [f"Conjunto `{self.dataset_name}`: {self.dataset_action}"]
        if self.dataset_update and self.dataset_action == UPDATED:
            lines[0] += f" (campos: {', '.join(sorted(self.dataset_update))})"
        lines += [f"  Recurso `{s.name}`: {s.action}" for s in self.steps]
        data = next((s for s in self.steps if s.role == mapping.ROLE_DATA), None)
        if data is not None and data.action != UNCHANGED:
            lines += self.dictionary
        return lines


def _comparable(key: str, value: Any) -> Any:
    """Normalize a dataset field as CKAN returns it, so equal metadata compares equal."""
    if key in ("tags", "groups"):
        return sorted(item["name"] for item in value or [])
    if key == "extras":
        return {item["key"]: item["value"] for item in value or []}
    if key == "private":
        return bool(value)
    return value or ""


def plan_publication(
    current: dict[str, Any] | None,
    package: BuiltPackage,
    contact: dict[str, str] | None = None,
    fingerprint: str | None = None,
) -> Plan:
    """Decide, for `package`, what to create, update or leave alone in the `current` dataset.

    `fingerprint` (the inputs' hash) is recorded on the period's data resource; without one, a
    data resource whose file changes loses the fingerprint it had (it no longer describes it).
    """
    periods = sorted({*mapping.data_periods(current), package.period})
    kept = _comparable("extras", (current or {}).get("extras"))
    desired = mapping.dataset_fields(package, periods, contact, kept)
    name = desired["name"]
    dataset_action, update = dataset_update(current, desired)
    resources = (current or {}).get("resources", [])
    steps = (
        _step(resources, package, mapping.ROLE_DATA, package.data_path, fingerprint),
        _step(resources, package, mapping.ROLE_DESCRIPTOR, package.descriptor_path),
        _step(resources, package, mapping.ROLE_DICTIONARY, package.dictionary_path),
    )
    schema = package.descriptor["resources"][0]["schema"]
    return Plan(name, dataset_action, update, steps, tuple(dictionary_summary(schema)))


def _step(
    resources: list[dict[str, Any]],
    package: BuiltPackage,
    role: str,
    path: Path,
    fingerprint: str | None = None,
) -> ResourceStep:
    """Compare one desired resource with the resource of the same identity (role + name)."""
    wanted = mapping.resource_fields(package, role)
    same_role = [r for r in resources if r.get(mapping.ROLE) == role]
    if role == mapping.ROLE_DATA:
        same_role = [r for r in same_role if r.get("name") == package.period]
    found = same_role[0] if same_role else None
    if role == mapping.ROLE_DATA:
        wanted = with_fingerprint(wanted, found, fingerprint)
    if (
        found is not None
        and role == mapping.ROLE_DESCRIPTOR
        and str(found.get("periodo", "")) > package.period
    ):
        # The descriptor describes the latest period; republishing an older one leaves it alone.
        return ResourceStep(role, wanted["name"], UNCHANGED, found["id"], wanted, None)
    return resource_step(found, role, wanted, path)


def with_fingerprint(
    wanted: dict[str, Any], found: dict[str, Any] | None, fingerprint: str | None
) -> dict[str, Any]:
    """Data resource fields plus the input fingerprint to record (cleared when it went stale).

    Without a fingerprint, an unchanged file keeps the one it has (same output, same inputs'
    verdict); a new file clears it, so a later run never mistakes the old inputs for current.
    """
    if fingerprint is not None:
        return dict(wanted, **{input_print.FIELD: fingerprint})
    if found is not None and str(found.get("hash", "")) != str(wanted["hash"]):
        return dict(wanted, **{input_print.FIELD: ""})
    return wanted


def dataset_update(
    current: dict[str, Any] | None, desired: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The dataset verdict and the fields of `desired` that differ from `current` in CKAN."""
    if current is None:
        return CREATED, desired
    now = dict(current, owner_org=(current.get("organization") or {}).get("name", ""))
    update = {
        key: value
        for key, value in desired.items()
        if _comparable(key, value) != _comparable(key, now.get(key))
    }
    return (UPDATED if update else UNCHANGED), update


def resource_step(
    found: dict[str, Any] | None, role: str, wanted: dict[str, Any], path: Path
) -> ResourceStep:
    """Compare a desired resource with the one CKAN holds (the `hash` field decides uploads)."""
    if found is None:
        return ResourceStep(role, wanted["name"], CREATED, None, wanted, path)
    differs = {k: v for k, v in wanted.items() if str(found.get(k, "")) != str(v)}
    if not differs:
        return ResourceStep(role, wanted["name"], UNCHANGED, found["id"], wanted, None)
    upload = path if "hash" in differs or found.get("url_type") != "upload" else None
    return ResourceStep(role, wanted["name"], UPDATED, found["id"], wanted, upload)
