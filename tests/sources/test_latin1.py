"""Latin-1 files parsed as bytes and transcoded per column read exactly as pyarrow's transcoding."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import datamuni.sources.csv_reader as reader
from datamuni.sources.latin1 import utf8_column

HIGH = bytes(range(0x80, 0x100))


def test_utf8_column_equals_python_decoding() -> None:
    chooser = random.Random(3)
    for trial in range(300):
        cells = [
            None
            if chooser.random() < 0.1
            else bytes(chooser.choice(b"ab;\n" + HIGH) for _ in range(chooser.randint(0, 6)))
            for _ in range(chooser.randint(0, 20))
        ]
        column = pa.array(cells, pa.binary()).view(pa.string())  # Latin-1 bytes, as parsed
        if len(column) > 3 and trial % 2:
            column, cells = column.slice(2), cells[2:]
        converted = utf8_column(column)
        converted.validate(full=True)
        assert converted.to_pylist() == [None if c is None else c.decode("latin-1") for c in cells]


def test_stream_equals_pyarrow_transcoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_LINE_BYTES", 4096)  # many parser blocks
    chooser = random.Random(5)
    words = ["Peña", "Ñuñoa", "ÁÉÍÓÚ", "plain", "", "°ª«»", HIGH.decode("latin-1")]
    lines = ["a;b;c"]
    for _ in range(3000):
        quoted = '"' + chooser.choice(words) + '; dijo ""sí""\n' + chooser.choice(words) + '"'
        lines.append(f"{chooser.choice(words)};{quoted};{chooser.randint(0, 999)}")
    path = tmp_path / "datos.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))

    ours = pa.Table.from_batches(
        list(reader._stream(path, "latin-1", ";", ["a", "b", "c"], 0, 500))
    )
    names = [reader.raw_name(position) for position in range(3)]
    expected = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="latin-1", column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=";", newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    assert ours.num_rows == 3000
    for name in names:
        assert ours.column(name).to_pylist() == expected.column(name).to_pylist()
