"""Streaming CSV reader: pyarrow's parser, every column as text, bounded record batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from datamuni.errors import SourceError
from datamuni.sources.batches import numbered_batches
from datamuni.sources.csv_errors import translate_parse_error
from datamuni.sources.detect import (
    MAX_LINE_BYTES,
    SAMPLE_BYTES,
    detect_dialect,
    detect_encoding,
    read_sample,
)
from datamuni.sources.guarded_file import GuardedFile, nul_error
from datamuni.sources.raw import HeaderScore, RawTable, find_header_row, name_headers, raw_name

_ARROW_ENCODING = {"utf-8-sig": "utf8", "utf-8": "utf8"}


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
    raw.latin1_bytes = _parsed_as_bytes(encoding)  # transcoded per column by normalization
    raw.preamble = [list(row) for row in rows[:header_index]]
    return raw


def _parsed_as_bytes(encoding: str) -> bool:
    """Whether the parser reads the file's bytes as they are (Latin-1: `latin1.py`)."""
    return encoding == "latin-1"


def _stream(
    path: Path,
    encoding: str,
    delimiter: str,
    headers: list[str],
    header_index: int,
    batch_rows: int,
) -> Iterator[pa.RecordBatch]:
    names = [raw_name(position) for position in range(len(headers))]
    raw_latin1 = _parsed_as_bytes(encoding)
    source = GuardedFile(path, check_nul=not encoding.startswith("utf-16"))
    blocks = _Blocks(source, header_index + 2)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=header_index + 1,
                block_size=MAX_LINE_BYTES,
                encoding="utf8" if raw_latin1 else _ARROW_ENCODING.get(encoding, encoding),
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                null_values=[],
                check_utf8=not raw_latin1,
            ),
        )
        yield from numbered_batches(blocks.of(reader), batch_rows, header_index + 2, names)
    except pa.ArrowInvalid as error:
        shape = (len(headers), header_index)
        raise translate_parse_error(
            error, path, encoding, delimiter, shape, blocks.next_row
        ) from error
    finally:
        source.close()


class _Blocks:
    """The parser's batches (one per block), each letting it read one block further."""

    def __init__(self, source: GuardedFile, row: int) -> None:
        self._source = source
        self.next_row = row  # first row of the next block: where a parse error is reported

    def of(self, reader: pacsv.CSVStreamingReader) -> Iterator[pa.RecordBatch]:
        """The reader's batches, counting their rows."""
        for batch in reader:
            self._source.consumed_block()
            self.next_row += batch.num_rows
            yield batch
