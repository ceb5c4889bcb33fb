"""Latin-1 text parsed as raw bytes and turned into UTF-8 column by column.

pyarrow transcodes a whole non-UTF-8 file through Python's codecs, holding the interpreter lock
for every byte (about a second per 460 MB file, while the other stages wait). In Latin-1 every
byte below 0x80 is already UTF-8, so the parser reads the bytes as they are and only the
columns holding a higher byte (names, places: about a third of a CPLT file) are transcoded; each
such byte becomes two, so a cell's new offset is its old one plus the high bytes before it.
Normalization does it after encoding a repetitive column, on its distinct values only
(`RawTable.latin1_bytes`); other readers of the raw batches use `RawTable.text_batches`.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from datamuni.sources.bytescan import text_parts


def utf8_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """`batch` (string columns holding Latin-1 bytes) with every column as valid UTF-8."""
    columns = [utf8_column(column) for column in batch.columns]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def utf8_column(column: pa.Array) -> pa.Array:
    """One string column of Latin-1 bytes as UTF-8 (ASCII-only columns are returned as they are)."""
    parts = text_parts(column) if column.type == pa.string() else None
    if parts is None or len(parts[2]) == 0:
        return column
    offsets, first, data = parts
    if int(data.max()) < 0x80:
        return column  # pure ASCII: already UTF-8
    high = np.flatnonzero(data >= 0x80)
    relative = offsets - first
    shifted = relative + np.searchsorted(high, relative).astype(np.int32)
    text = data.tobytes().decode("latin-1").encode("utf-8")
    nulls = None
    if column.null_count:
        nulls = pa.array(column.is_valid()).buffers()[1]
    return pa.StringArray.from_buffers(
        len(column), pa.py_buffer(shifted), pa.py_buffer(text), nulls, column.null_count
    )
