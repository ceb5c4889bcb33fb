"""Spanish errors for pyarrow CSV parse failures, locating the row on the error path only."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pyarrow as pa

from datamuni.errors import SourceError
from datamuni.sources.detect import MAX_LINE_BYTES


def translate_parse_error(
    error: pa.ArrowInvalid,
    path: Path,
    encoding: str,
    delimiter: str,
    shape: tuple[int, int],
    row: int,
) -> SourceError:
    """A Spanish error for a pyarrow parse failure, locating the row with a slow exact scan."""
    message = str(error)
    width = shape[0]
    if "straddling" in message or "block" in message:
        return SourceError(
            f"Una línea supera {MAX_LINE_BYTES // (1024 * 1024)} MB: el archivo no es una tabla "
            "CSV válida o tiene una celda gigantesca.",
            "Revise el archivo en el sistema de origen y expórtelo de nuevo.",
            path=str(path),
            row=row,
        )
    if "UTF8" in message or "utf8" in message or "decode" in message.lower():
        return SourceError(
            f"El texto no es válido en la codificación detectada (`{encoding}`).",
            "Guarde el archivo completo con una sola codificación (de preferencia UTF-8).",
            path=str(path),
            row=row,
        )
    bad_row, found = _locate_width_error(path, encoding, delimiter, shape)
    return SourceError(
        f"La fila tiene {found} columnas y el encabezado tiene {width}.",
        "Revise separadores y comillas en esa fila (un texto con "
        f"`{delimiter}` debe ir entre comillas dobles).",
        path=str(path),
        row=bad_row,
    )


def _locate_width_error(
    path: Path, encoding: str, delimiter: str, shape: tuple[int, int]
) -> tuple[int, int]:
    """Exact (row, width) of the first data row whose column count differs (error path only)."""
    width = shape[0]
    csv.field_size_limit(MAX_LINE_BYTES)
    with path.open(encoding=codecs.lookup(encoding).name, errors="replace", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if number > shape[1] + 1 and cells and len(cells) != width:
                return number, len(cells)
    return 0, width
