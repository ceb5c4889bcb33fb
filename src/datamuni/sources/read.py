"""`read_source`: open any supported source as a normalized `SourceTable`."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from datamuni.arrow_memory import configure_arrow_memory
from datamuni.errors import SourceError
from datamuni.kind_headers import count_matches, recognize_kind
from datamuni.sources.headers import map_columns
from datamuni.sources.normalizing import normalize_batches
from datamuni.sources.raw import RawTable
from datamuni.sources.table import SourceColumn, SourceTable
from datamuni.sources.wide import unpivot_wide

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind
    from datamuni.settings import Settings


def read_source(
    location: str | Path,
    settings: Settings,
    *,
    kind: DatasetKind | None,
    catalog: Mapping[str, DatasetKind],
    municipality: str | None = None,
    hashed: bool = False,
) -> SourceTable:
    """Open a file, URL (`https://...`) or query (`sql:<url>|<query>`) as a normalized table.

    `hashed` starts the file's SHA-256 in the background (`SourceTable.sha256`): only a run that
    records its source needs it, and it is a second full read of the file.
    """
    from datamuni.sources.formats import open_location

    configure_arrow_memory(settings)  # before the first batch: every reading path comes here
    candidates: Sequence[DatasetKind] = [kind] if kind is not None else list(catalog.values())

    def score(cells: Sequence[str]) -> int:
        return max((count_matches(candidate, cells) for candidate in candidates), default=0)

    opened = open_location(location, settings, score, hashed=hashed)
    raw, path = opened.raw, opened.display
    chosen = kind
    if chosen is None:
        chosen = recognize_kind(catalog, raw.headers)
        if chosen is None:
            raise SourceError(
                "No se reconoce el formato de las columnas: no calzan con ningún tipo de datos "
                f"conocido (encabezados: {', '.join(raw.headers[:8])}).",
                "Indique el tipo con `--tipo` y revise que los encabezados sean los del formato "
                "oficial.",
                path=path,
                row=raw.header_row,
            )
    raw = unpivot_wide(raw, chosen, path)
    columns = map_columns(chosen, raw.headers, path)
    if all(column.field is None for column in columns):
        raise SourceError(
            f"Ninguna columna corresponde al tipo `{chosen.name}`.",
            "Revise que eligió el tipo correcto y que el archivo tenga la fila de encabezados.",
            path=path,
            row=raw.header_row,
        )
    constant: dict[str, str] = {}
    field_names = {column.field for column in columns}
    if municipality and "codigo_comuna" not in field_names and _has_field(chosen, "codigo_comuna"):
        constant["codigo_comuna"] = municipality
        columns.append(SourceColumn(header="codigo_comuna", field="codigo_comuna", position=-1))
    table = SourceTable(
        path=path,
        format=raw.format,
        kind=chosen.name,
        columns=columns,
        header_row=raw.header_row,
        open_batches=lambda: iter(()),
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        digest=opened.digest,
        size_bytes=opened.size_bytes,
        kind_guessed=kind is None,
    )
    derived = normalize_batches(table, chosen, raw, constant)
    table.columns = derived.columns
    table.open_batches = derived.open_batches
    opened.keep_alive(table)
    return table


def _has_field(kind: DatasetKind, name: str) -> bool:
    return name in kind.field_names


_DIGESTS: dict[tuple[int, ...], tuple[str, int]] = {}
_DIGESTS_KEPT = 256
_digests_lock = threading.Lock()


def _identity(path: Path) -> tuple[int, ...]:
    """Device, inode, size and both times: any write changes `st_ctime_ns`, which no tool sets."""
    stat = path.stat()
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks; hashed once per process while it is unchanged.

    A re-run first fingerprints its input for the no-change fast path and, when something did
    change, hashes it again for the run's `fuente.json`: on a multi-GB file that second full read
    is skipped.
    """
    before = _identity(path)
    with _digests_lock:
        known = _DIGESTS.get(before)
    if known is not None:
        return known
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    result = digest.hexdigest(), size
    if _identity(path) == before:  # not written to while it was read
        with _digests_lock:
            if len(_DIGESTS) >= _DIGESTS_KEPT:
                _DIGESTS.clear()
            _DIGESTS[before] = result
    return result


_hashing: ThreadPoolExecutor | None = None
_hashing_lock = threading.Lock()


def digest_in_background(path: Path) -> Future[tuple[str, int]]:
    """`file_digest(path)` in a background thread (hashlib releases the interpreter lock)."""
    global _hashing
    with _hashing_lock:
        if _hashing is None:
            _hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="datamuni-hash")
        return _hashing.submit(file_digest, path)


def describe_source(table: SourceTable) -> dict[str, Any]:
    """What was read and its hash — never its content."""
    return {
        "archivo": os.path.basename(table.path),
        "formato": table.format,
        "codificacion": table.encoding,
        "separador": table.delimiter,
        "sha256": table.sha256,
        "bytes": table.size_bytes,
        "tipo": table.kind,
        "tipo_reconocido": table.kind_guessed,
        "fila_encabezado": table.header_row,
        "columnas": [
            {"encabezado": column.header, "campo": column.field} for column in table.columns
        ],
    }


def first_batch(table: SourceTable) -> pa.RecordBatch | None:
    """The first record batch of a table, or None when it has no rows."""
    batches: Iterator[pa.RecordBatch] = table.batches()
    return next(batches, None)


__all__ = ["RawTable", "describe_source", "file_digest", "first_batch", "read_source"]
