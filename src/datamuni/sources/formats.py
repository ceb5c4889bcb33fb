"""Dispatch a location (path, URL, SQL) to the reader of its format."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from datamuni.errors import SourceError
from datamuni.sources.detect import read_sample, sniff_format
from datamuni.sources.raw import HeaderScore, RawTable

if TYPE_CHECKING:
    from datamuni.settings import Settings
    from datamuni.sources.table import SourceTable

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass
class OpenedSource:
    """A raw table with the facts of where it came from."""

    raw: RawTable
    display: str
    digest: Future[tuple[str, int]] | None = None
    """SHA-256 and size of the file, computed beside the reading when asked (never for SQL)."""
    size_bytes: int | None = None
    cleanup: Callable[[], None] | None = None

    def keep_alive(self, table: SourceTable) -> None:
        """Run the cleanup (delete a downloaded copy) when `table` is garbage-collected."""
        if self.cleanup is not None:
            weakref.finalize(table, self.cleanup)


def open_location(
    location: str | Path, settings: Settings, score: HeaderScore, *, hashed: bool = False
) -> OpenedSource:
    """Open a path, an HTTP(S) URL or `sql:<url>|<query>` as a raw table (`hashed`: see
    `open_file`)."""
    text = str(location)
    if isinstance(location, str) and text.startswith("sql:"):
        from datamuni.sources.sql_reader import read_sql

        raw, display = read_sql(text[4:], settings.batch_rows, score)
        return OpenedSource(raw, display)
    if isinstance(location, str) and _URL.match(text):
        from datamuni.sources.url import download

        path = download(text, settings)
        try:
            opened = open_file(path, settings, score, display=text, hashed=hashed)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        opened.cleanup = lambda: path.unlink(missing_ok=True)
        return opened
    return open_file(Path(location), settings, score, hashed=hashed)


def open_file(
    path: Path,
    settings: Settings,
    score: HeaderScore,
    display: str | None = None,
    *,
    hashed: bool = False,
) -> OpenedSource:
    """Open a local file as a raw table, choosing the reader from its content; `hashed` starts
    its SHA-256 in the background."""
    from datamuni.sources.read import digest_in_background

    shown = display or str(path)
    if not path.exists():
        raise SourceError(
            "El archivo no existe.", "Revise la ruta y el nombre del archivo.", path=shown
        )
    if not path.is_file():
        raise SourceError(
            "La ruta no es un archivo.", "Indique un archivo, no una carpeta.", path=shown
        )
    size = path.stat().st_size
    if size == 0:
        raise SourceError(
            "El archivo está vacío.", "Revise que exportó los datos correctos.", path=shown
        )
    kind = sniff_format(path, read_sample(path, 65536))
    raw = _READERS[kind](path, settings.batch_rows, score)
    # hashed while the batches are read, not before: a multi-GB file would otherwise hold every
    # stage back for its whole hashing time (1M-row benchmark: 0.4 s; 10M rows: ~4 s)
    return OpenedSource(raw, shown, digest_in_background(path) if hashed else None, size)


def _read_csv(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    from datamuni.sources.csv_reader import read_csv

    return read_csv(path, batch_rows, score)


def _read_xlsx(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    from datamuni.sources.xlsx_reader import read_xlsx

    return read_xlsx(path, batch_rows, score)


def _read_xls(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    from datamuni.sources.xls_reader import read_xls

    return read_xls(path, batch_rows, score)


def _read_spreadsheetml(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    from datamuni.sources.xml_reader import read_spreadsheetml

    return read_spreadsheetml(path, batch_rows, score)


def _read_json(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    from datamuni.sources.json_reader import read_json

    return read_json(path, batch_rows, score)


_READERS: dict[str, Callable[[Path, int, HeaderScore], RawTable]] = {
    "csv": _read_csv,
    "xlsx": _read_xlsx,
    "xls": _read_xls,
    "spreadsheetml": _read_spreadsheetml,
    "json": _read_json,
}
