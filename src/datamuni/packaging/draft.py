"""A package's data file written while the run streams, in a private draft, and the swap.

The draft folder is owner-only and hidden beside the package's place; it becomes the package
(`builder.finish_package`) only once the run's verdict is known, or is removed.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from datamuni.catalog import DatasetKind
from datamuni.errors import ConfigurationError
from datamuni.packaging import names
from datamuni.packaging.csvwrite import CsvStats, write_csv
from datamuni.settings import Settings
from datamuni.territory import Comuna


@dataclass
class PackageDraft:
    """A package being written: its private staging folder and the data CSV written so far.

    The data file is written while the run streams (nothing is public: the folder is owner-only
    and outside the package's place); `finish_package` adds the rest once the run's verdict is
    known, or `discard_package` removes it when the dataset is blocked.
    """

    staging: Path
    root: Path
    kind: DatasetKind
    comuna: Comuna
    period: str
    data_name: str
    columns: list[str]
    stats: CsvStats


def start_package(
    kind: DatasetKind,
    comuna: Comuna,
    period: str,
    batches: Iterable[pa.RecordBatch],
    settings: Settings,
) -> PackageDraft:
    """Write the data CSV of `batches` into a new private staging folder."""
    names.check_period(period)
    root = settings.resolve(settings.datapackages_dir) / names.package_dir_name(kind.name, comuna)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{period}.", suffix=".tmp", dir=root))
    try:
        stream = iter(batches)
        first = next(stream, None)
        columns = _published_columns(kind, first)
        data_name = names.data_file_name(kind.name, comuna, period)
        chain = [] if first is None else [first]
        stats = write_csv(staging / data_name, columns, _chained(chain, stream, columns))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PackageDraft(staging, root, kind, comuna, period, data_name, columns, stats)


def discard_package(draft: PackageDraft) -> None:
    """Remove a draft whose dataset was blocked (its data never becomes a package)."""
    shutil.rmtree(draft.staging, ignore_errors=True)


def _published_columns(kind: DatasetKind, first: pa.RecordBatch | None) -> list[str]:
    """Schema fields present in the batches, in schema order (internal columns dropped)."""
    if first is None:
        return [spec.name for spec in kind.fields if spec.protection.action != "eliminar"]
    present = set(first.schema.names)
    return [name for name in kind.field_names if name in present]


def _chained(first: list[pa.RecordBatch], rest: Any, columns: list[str]) -> Any:
    """Yield the first batch then the rest, checking every batch has the published columns."""
    for batch in itertools.chain(first, rest):
        missing = [name for name in columns if name not in batch.schema.names]
        if missing:
            raise ConfigurationError(
                f"Un lote de datos no trae las columnas {', '.join(f'`{m}`' for m in missing)}.",
                "Revise la etapa de protección: todos los lotes deben tener las mismas columnas.",
            )
        yield batch


def lock_folder(settings: Settings) -> Path:
    """Where runs keep their lock files (outside packages and run folders, never published)."""
    folder = settings.resolve(settings.state_dir) / "bloqueos"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def dataset_lock(settings: Settings, code: str, kind: str | None, period: str) -> Iterator[None]:
    """One run at a time per municipality × kind × period on this machine.

    Concurrent runs share `datapackages/<cut>-<kind>/<period>/`: without the lock one run could
    publish the files another run has just swapped in, under its own hashes.
    """
    folder = lock_folder(settings)
    name = f"{code}-{kind or 'todos'}-{period}.lock"
    with (folder / name).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def swap_into_place(staging: Path, final: Path, settings: Settings) -> None:
    """Replace `final` by `staging` with renames (readers see the old or the new package)."""
    os.chmod(staging, 0o755)  # noqa: S103 (a published package is public by design)
    # Two runs of the same package may swap at once (threads or processes): one at a time.
    lock_file = lock_folder(settings) / f"paquete-{final.parent.name}-{final.name}.lock"
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if final.exists():
            retired = final.with_name(f".{final.name}.{uuid.uuid4().hex}.old")
            os.replace(final, retired)
            os.replace(staging, final)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, final)
