"""JSON records: a list of objects, or an object with the list under `data`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from datamuni.errors import SourceError
from datamuni.sources.cells import cell_text
from datamuni.sources.raw import HeaderScore, RawTable, rows_to_batches

MAX_JSON_BYTES = 512 * 1024**2
"""Largest JSON file read (it is parsed whole); larger tables must come as CSV."""


def _records(path: Path) -> list[dict[str, Any]]:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise SourceError(
            f"El archivo JSON supera {MAX_JSON_BYTES // 1024**2} MB.",
            "Exporte los datos como CSV, que se procesa por partes.",
            path=str(path),
        )
    try:
        document = json.loads(path.read_bytes())
    except RecursionError as error:  # `[[[[...` nested deeper than Python's stack
        raise SourceError(
            "El archivo JSON anida listas u objetos a una profundidad desmedida.",
            "Entregue una lista plana de objetos (un objeto por registro).",
            path=str(path),
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise SourceError(
            f"El archivo JSON no es válido ({error}).",
            "Revise que sea JSON en UTF-8 (una lista de objetos o un objeto con `data`).",
            path=str(path),
            row=line,
        ) from error
    records = document.get("data") if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise SourceError(
            "El JSON no trae una lista de registros.",
            "Entregue una lista de objetos o un objeto con la lista en `data`.",
            path=str(path),
        )
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise SourceError(
                f"El registro {number} no es un objeto con campos.",
                'Cada registro debe ser un objeto `{"campo": valor, ...}`.',
                path=str(path),
                row=number,
            )
    return records


def read_json(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    """JSON records as a raw table; `_fila` is the record number (1-based), no header row."""
    records = _records(path)
    if not records:
        raise SourceError(
            "El archivo JSON no tiene registros.",
            "Si en el período no hubo registros, no publique este archivo.",
            path=str(path),
        )
    headers = list(dict.fromkeys(key for record in records for key in record))

    def open_batches() -> Iterator[pa.RecordBatch]:
        rows = (
            (number, [cell_text(record.get(key)) for key in headers])
            for number, record in enumerate(_records(path), start=1)
        )
        return rows_to_batches(rows, len(headers), batch_rows, str(path))

    return RawTable("json", [str(header) for header in headers], 0, open_batches, "utf-8")
