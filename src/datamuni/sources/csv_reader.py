"""Streaming CSV reader: pyarrow's parser, every column as text, bounded record batches."""

from __future__ import annotations

import atexit
import codecs
import csv
import io
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from datamuni.errors import SourceError
from datamuni.sources.detect import (
    MAX_LINE_BYTES,
    SAMPLE_BYTES,
    detect_dialect,
    detect_encoding,
    read_sample,
)
from datamuni.sources.raw import HeaderScore, RawTable, find_header_row, name_headers, raw_name
from datamuni.sources.table import ROW_COLUMN

_ARROW_ENCODING = {"utf-8-sig": "utf8", "utf-8": "utf8"}


READAHEAD_BLOCKS = 2
"""Blocks the parser may read beyond the batches handed out (bounds memory on huge files)."""
_WAIT_SECONDS = 0.5


class _GuardedFile(io.RawIOBase):
    """Binary reader that refuses NUL bytes (binary data in a text file), naming the line.

    It also holds pyarrow's read-ahead back: left alone, the streaming parser reads dozens of
    blocks ahead of a slow consumer (about 650 MB resident on a 460 MB file); here it may
    read at most `READAHEAD_BLOCKS` blocks beyond the batches already handed out.
    """

    def __init__(self, path: Path, check_nul: bool, block_bytes: int = MAX_LINE_BYTES) -> None:
        self._handle = path.open("rb")
        self._check_nul = check_nul
        self._path = path
        self._block_bytes = block_bytes
        self._delivered = 0
        self._consumed_blocks = 0
        self._progress = threading.Condition()
        self.inside = 0
        _OPEN.add(self)

    def readable(self) -> bool:
        return True

    def consumed_block(self) -> None:
        """The consumer took the batch of one more block: let the parser read further."""
        with self._progress:
            self._consumed_blocks += 1
            self._progress.notify_all()

    def _wait_for_room(self) -> None:
        """Block the parser's reading thread while it is too far ahead (each block read by a
        batch needs at most one block of input, so the handed-out batch never waits on this)."""
        with self._progress:
            limit = (self._consumed_blocks + READAHEAD_BLOCKS) * self._block_bytes
            while self._delivered >= limit and not self.closed:
                self._progress.wait(_WAIT_SECONDS)
                limit = (self._consumed_blocks + READAHEAD_BLOCKS) * self._block_bytes

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes, straight from the file (pyarrow calls this, not `readinto`)."""
        with self._progress:
            self.inside += 1
        try:
            return self._read(size)
        finally:
            with self._progress:
                self.inside -= 1
                self._progress.notify_all()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def wait_until_left(self, timeout: float) -> None:
        """Wait until no parser thread is inside `read` (at most `timeout` seconds)."""
        with self._progress:
            self._progress.wait_for(lambda: self.inside == 0, timeout=timeout)

    def _read(self, size: int) -> bytes:
        self._wait_for_room()
        if self.closed:
            return b""  # the consumer stopped: end the parser's stream quietly
        data = self._handle.read(size)
        if self._check_nul and b"\x00" in data:
            offset = self._delivered + data.index(b"\x00")
            self.close()
            raise nul_error(str(self._path), _line_at(self._path, offset))
        self._delivered += len(data)
        return data

    def close(self) -> None:
        self._handle.close()
        super().close()
        with self._progress:
            self._progress.notify_all()  # a parser thread waiting for room must not hang


_OPEN: weakref.WeakSet[_GuardedFile] = weakref.WeakSet()


@atexit.register
def _release_parsers() -> None:
    """Wake parser threads still waiting for room before the interpreter shuts down (a C++
    thread coming back into Python during shutdown aborts the process)."""
    for guarded in list(_OPEN):
        guarded.close()
        guarded.wait_until_left(timeout=2)
    time.sleep(0.05)  # let the parser threads get back into C++ before shutdown starts


def _line_at(path: Path, offset: int) -> int:
    """The line (from 1) holding byte `offset`: counted again only when an error needs it."""
    lines = 1
    with path.open("rb") as handle:
        while offset > 0:
            chunk = handle.read(min(offset, MAX_LINE_BYTES))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            offset -= len(chunk)
    return lines


def nul_error(path: str, line: int) -> SourceError:
    """The error for a NUL byte: binary content inside a text file."""
    return SourceError(
        "El archivo contiene bytes nulos (contenido binario dentro de un archivo de texto).",
        "Exporte de nuevo el archivo como CSV de texto desde el sistema de origen.",
        path=path,
        row=line,
    )


def read_csv(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    """Detect encoding, delimiter and header of a CSV file and open it as a stream of batches."""
    sample = read_sample(path)
    size = path.stat().st_size
    complete = len(sample) >= size
    if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
        raise SourceError(
            "El archivo está vacío.", "Revise que exportó los datos correctos.", path=str(path)
        )
    encoding = detect_encoding(sample, complete, str(path))
    text = sample.decode(encoding, errors="replace")
    if "\x00" in text:
        raise nul_error(str(path), text[: text.index("\x00")].count("\n") + 1)
    if not complete and len(text.splitlines()) < 2:
        raise SourceError(
            f"La primera línea supera {SAMPLE_BYTES // 1024} KB: no parece una tabla CSV.",
            "Revise que el archivo sea un CSV con una fila por registro.",
            path=str(path),
        )
    delimiter, _, rows = detect_dialect(text, str(path))
    header_index = find_header_row(rows, score)
    headers = name_headers(rows[header_index])
    data_rows = [row for row in rows[header_index + 1 :] if any(cell.strip() for cell in row)]
    if complete and not data_rows:
        raise SourceError(
            "El archivo solo tiene encabezados, sin filas de datos.",
            "Si en el período no hubo registros, no publique este archivo; si los hubo, "
            "expórtelo de nuevo con los datos.",
            path=str(path),
            row=header_index + 1,
        )

    def open_batches() -> Iterator[pa.RecordBatch]:
        return _stream(path, encoding, delimiter, headers, header_index, batch_rows)

    raw = RawTable("csv", headers, header_index + 1, open_batches, encoding, delimiter)
    raw.preamble = [list(row) for row in rows[:header_index]]
    return raw


def _stream(
    path: Path,
    encoding: str,
    delimiter: str,
    headers: list[str],
    header_index: int,
    batch_rows: int,
) -> Iterator[pa.RecordBatch]:
    names = [raw_name(position) for position in range(len(headers))]
    source = _GuardedFile(path, check_nul=not encoding.startswith("utf-16"))
    next_row = header_index + 2
    blocks = _Blocks(source, next_row)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=header_index + 1,
                block_size=MAX_LINE_BYTES,
                encoding=_ARROW_ENCODING.get(encoding, encoding),
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                null_values=[],
            ),
        )
        for part in _rebatch(blocks.of(reader), batch_rows):
            numbers = pa.array(np.arange(next_row, next_row + part.num_rows, dtype=np.int64))
            next_row += part.num_rows
            yield pa.RecordBatch.from_arrays([numbers, *part.columns], names=[ROW_COLUMN, *names])
    except pa.ArrowInvalid as error:
        shape = (len(headers), header_index)
        raise _translate(error, path, encoding, delimiter, shape, blocks.next_row) from error
    finally:
        source.close()


class _Blocks:
    """The parser's batches (one per block), each letting it read one block further."""

    def __init__(self, source: _GuardedFile, row: int) -> None:
        self._source = source
        self.next_row = row  # first row of the next block: where a parse error is reported

    def of(self, reader: pacsv.CSVStreamingReader) -> Iterator[pa.RecordBatch]:
        """The reader's batches, counting their rows."""
        for batch in reader:
            self._source.consumed_block()
            self.next_row += batch.num_rows
            yield batch


def _rebatch(blocks: Iterator[pa.RecordBatch], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Batches of exactly `batch_rows` rows (the last may be shorter) from blocks of any size."""
    held: list[pa.RecordBatch] = []
    count = 0
    for block in blocks:
        held.append(block)
        count += block.num_rows
        while count >= batch_rows:
            joined = held[0] if len(held) == 1 else pa.concat_batches(held)
            yield joined.slice(0, batch_rows)
            rest = joined.slice(batch_rows)
            held, count = ([rest] if rest.num_rows else []), rest.num_rows
    if count:
        yield held[0] if len(held) == 1 else pa.concat_batches(held)


def _translate(
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
