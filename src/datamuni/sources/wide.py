"""Wide SINIM layouts (one column per year) turned long, as the kind's `wide_layout` says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.errors import SourceError
from datamuni.sources.raw import RawTable, raw_name
from datamuni.sources.table import ROW_COLUMN

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind


def _indicators(raw: RawTable, layout: dict[str, Any], positions: list[int]) -> list[str | None]:
    """First word of the indicator row above each value column (SINIM row 2: `IADM121 ...`)."""
    row = layout.get("indicator_row")
    if row is None or not layout.get("indicator_field"):
        return [None] * len(positions)
    offset = len(raw.preamble) - (raw.header_row - int(row))
    cells = raw.preamble[offset] if 0 <= offset < len(raw.preamble) else []
    words = [(cells[p] or "").split()[:1] if p < len(cells) else [] for p in positions]
    return [word[0] if word else None for word in words]


def unpivot_wide(raw: RawTable, kind: DatasetKind, path: str) -> RawTable:
    """`raw` in long form when `kind` declares a wide layout and the headers fit it."""
    layout: dict[str, Any] = kind.extras.get("wide_layout") or {}
    if "value_header_pattern" not in layout or "value_field" not in layout:
        return raw
    pattern = re.compile(str(layout["value_header_pattern"]))
    positions = [i for i, header in enumerate(raw.headers) if pattern.fullmatch(header.strip())]
    if not positions:
        return raw
    indicators = _indicators(raw, layout, positions)
    expected = [str(code) for code in layout.get("indicator_codes") or []]
    unknown = sorted({code for code in indicators if code and expected and code not in expected})
    if unknown:
        raise SourceError(
            f"El indicador `{', '.join(map(str, unknown))}` no corresponde al tipo `{kind.name}` "
            f"(se esperaba {', '.join(expected)}).",
            "Revise que eligió el tipo de datos correcto para esta exportación SINIM.",
            path=path,
            row=layout.get("indicator_row"),
        )
    keep = [i for i in range(len(raw.headers)) if i not in positions]
    derived = [str(layout.get("value_header_field", "anio")), str(layout["value_field"])]
    with_indicator = bool(layout.get("indicator_field"))
    if with_indicator:
        derived.append(str(layout["indicator_field"]))
    headers = [raw.headers[i] for i in keep] + derived
    years = [raw.headers[i].strip() for i in positions]

    def open_batches() -> Iterator[pa.RecordBatch]:
        names = [ROW_COLUMN] + [raw_name(i) for i in range(len(headers))]
        for batch in raw.text_batches():  # the years and indicators added are UTF-8 already
            parts = []
            for position, year, indicator in zip(positions, years, indicators, strict=True):
                constant = [pa.array([year] * batch.num_rows, pa.string())]
                arrays = [batch.column(ROW_COLUMN)] + [batch.column(raw_name(i)) for i in keep]
                arrays += [*constant, batch.column(raw_name(position))]
                if with_indicator:
                    arrays.append(pa.array([indicator] * batch.num_rows, pa.string()))
                parts.append(pa.Table.from_arrays(arrays, names=names))
            long = pa.concat_tables(parts)
            long = long.take(pc.sort_indices(long, [(ROW_COLUMN, "ascending")]))
            yield from long.to_batches(max_chunksize=max(batch.num_rows, 1))

    return RawTable(
        raw.format, headers, raw.header_row, open_batches, raw.encoding, raw.delimiter, raw.preamble
    )
