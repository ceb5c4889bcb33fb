"""The DataStore step: load the published CSV into CKAN's DataStore (a derived, repairable view).

The file stays the atomic source of truth. This step runs after the file switch, only when the
resource's marker (`datamuni_datastore_sha256`) says the DataStore is missing or stale, so an
unchanged re-run writes nothing; a failure becomes a Spanish warning and the next run repairs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from datamuni.errors import PublishError
from datamuni.packaging import BuiltPackage
from datamuni.publishing.client import CkanClient, CkanRefused
from datamuni.publishing.datastore_mapping import (
    CHUNK_ROWS,
    MARKER,
    csv_chunks,
    datastore_fields,
    datastore_marker,
    needs_load,
    same_columns,
)


@dataclass(frozen=True)
class DatastoreOutcome:
    """What the DataStore step did: records loaded, CKAN writes, and a Spanish warning if any."""

    loaded: bool = False
    records: int = 0
    writes: int = 0
    warning: str | None = None


def sync_datastore(
    client: CkanClient,
    package: BuiltPackage,
    resource: dict[str, Any],
    *,
    max_bytes: int,
    chunk_rows: int = CHUNK_ROWS,
) -> DatastoreOutcome:
    """Load `package`'s CSV into the DataStore of `resource` when missing or stale; never raises.

    Above `max_bytes` only the data dictionary (fields, zero records) is created.
    """
    with_records = package.bytes <= max_bytes
    marker = datastore_marker(package.sha256, with_records)
    if not needs_load(resource, marker):
        return DatastoreOutcome()
    before = client.writes
    try:
        if not client.has_extension("datastore"):
            return DatastoreOutcome()
        records = _load(client, package, resource["id"], marker, chunk_rows if with_records else 0)
    except (PublishError, OSError, ValueError) as error:
        reason = error.message if isinstance(error, PublishError) else str(error)
        warning = (
            f"El archivo del período `{package.period}` quedó publicado, pero la carga en el "
            f"DataStore de CKAN falló ({reason}). La próxima ejecución la repara."
        )
        return DatastoreOutcome(writes=client.writes - before, warning=warning)
    return DatastoreOutcome(True, records, client.writes - before)


def _load(
    client: CkanClient, package: BuiltPackage, resource_id: str, marker: str, chunk_rows: int
) -> int:
    """(Re)create the table with its dictionary, insert the records in chunks, then mark it.

    `chunk_rows` 0 creates the dictionary only (fields, zero records).
    """
    schema = package.descriptor["resources"][0]["schema"]
    fields = datastore_fields(schema)
    existing = _existing_fields(client, resource_id)
    if existing is not None and not same_columns(existing, fields):
        # Column types cannot be changed in place: drop the table (a new schema version).
        client.call("datastore_delete", {"resource_id": resource_id, "force": True})
        existing = None
    base = {"resource_id": resource_id, "force": True, "calculate_record_count": False}
    client.call("datastore_create", dict(base, fields=fields))
    if existing is not None:
        client.call("datastore_records_delete", dict(base, filters={}))
    records = 0
    if chunk_rows > 0:
        columns = [f["id"] for f in fields]
        for chunk in csv_chunks(package.data_path, columns, chunk_rows):
            client.call("datastore_upsert", dict(base, method="insert", records=chunk))
            records += len(chunk)
        total = client.call("datastore_search", {"resource_id": resource_id, "limit": 0})["total"]
        if total != package.rows:
            # A retried insert whose first answer was lost, or a concurrent load: redo next run.
            raise PublishError(
                f"el DataStore tiene {total} filas y el archivo {package.rows}",
                "Vuelva a ejecutar la publicación: recarga el DataStore.",
            )
    client.call("resource_patch", {"id": resource_id, MARKER: marker})
    return records


def _existing_fields(client: CkanClient, resource_id: str) -> list[dict[str, Any]] | None:
    """Fields of the resource's DataStore table, or None when it has none."""
    try:
        info = client.call("datastore_info", {"resource_id": resource_id})
    except CkanRefused as refused:
        if refused.status == 404:
            return None
        raise
    fields: list[dict[str, Any]] = info.get("fields", [])
    return fields
