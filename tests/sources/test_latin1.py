"""Latin-1 files parsed as bytes and transcoded per column read exactly as pyarrow's transcoding."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import datamuni.sources.csv_reader as reader
from datamuni.sources.latin1 import utf8_batch, utf8_column

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

    stream = list(reader._stream(path, "latin-1", ";", ["a", "b", "c"], 0, 500))
    with pytest.raises(pa.ArrowInvalid):  # the file's bytes as they are: UTF-8 comes later
        pa.Table.from_batches(stream).validate(full=True)
    ours = pa.Table.from_batches([utf8_batch(batch) for batch in stream])
    ours.validate(full=True)
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


def test_repetitive_latin1_columns_are_transcoded_on_their_distinct_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datamuni.distinct import MIN_ROWS, RepetitionGuide
    from datamuni.settings import Settings
    from datamuni.sources import latin1
    from datamuni.sources.read import read_source
    from tests.sources.sources_helpers import CATALOG, REMUNERACIONES

    names = ["Peña", "Ñuñoa", "José", "°ª«»", bytes(range(0xA1, 0x100)).decode("latin-1"), "Ana"]
    lines = ["organismo_codigo;Nombres;observaciones"]
    lines += [f"5101;{names[i % len(names)]};nota {i} Ñ" for i in range(MIN_ROWS * 2)]
    path = tmp_path / "remuneraciones.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    settings = Settings(project_dir=tmp_path, batch_rows=MIN_ROWS * 2)
    transcoded: list[int] = []
    original = latin1.utf8_column

    def counted(column: pa.Array) -> pa.Array:
        transcoded.append(len(column))
        return original(column)

    monkeypatch.setattr("datamuni.sources.normalizing.utf8_column", counted)

    def read() -> list[dict[str, object]]:
        table = read_source(path, settings, kind=REMUNERACIONES, catalog=CATALOG)
        assert table.encoding == "latin-1"
        return pa.Table.from_batches(list(table.batches())).to_pylist()

    rows = read()
    assert [row["nombres"] for row in rows] == [names[i % len(names)] for i in range(MIN_ROWS * 2)]
    assert rows[7]["observaciones"] == "nota 7 Ñ"
    # names: 6 distinct values transcoded, not 1,024 cells; notes are all distinct: every cell
    assert sorted(transcoded) == [1, 6, MIN_ROWS * 2]  # the code column holds one value
    monkeypatch.setattr(RepetitionGuide, "distinct", lambda self, column, values: None)
    assert read() == rows  # cell by cell: the same text
