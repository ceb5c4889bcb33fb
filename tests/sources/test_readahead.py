"""The CSV reader holds pyarrow's read-ahead to a few blocks beyond what was handed out."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from datamuni.errors import SourceError
from datamuni.sources import csv_reader as reader
from datamuni.sources.guarded_file import READAHEAD_BLOCKS, GuardedFile


def _reader(path: Path, block: int) -> tuple[GuardedFile, list[int], threading.Thread]:
    guarded = GuardedFile(path, check_nul=True, block_bytes=block)
    sizes: list[int] = []

    def read_all() -> None:
        buffer = bytearray(block)
        while True:
            try:
                count = guarded.readinto(memoryview(buffer))
            except ValueError:  # closed under us
                return
            if not count:
                return
            sizes.append(count)

    thread = threading.Thread(target=read_all, daemon=True)
    thread.start()
    return guarded, sizes, thread


def test_parser_waits_until_batches_are_taken(tmp_path: Path) -> None:
    path = tmp_path / "datos.csv"
    path.write_bytes(b"a;b\n" * 250)  # 1,000 bytes = 100 blocks of 10
    guarded, sizes, thread = _reader(path, 10)
    thread.join(1.0)
    assert thread.is_alive() and sum(sizes) == READAHEAD_BLOCKS * 10  # held back
    guarded.consumed_block()
    thread.join(1.0)
    assert sum(sizes) == (READAHEAD_BLOCKS + 1) * 10  # one block more, no further
    for _ in range(100):
        guarded.consumed_block()
    thread.join(5.0)
    assert not thread.is_alive() and sum(sizes) == 1000  # everything read, nothing lost
    guarded.close()


def test_closing_releases_a_waiting_parser(tmp_path: Path) -> None:
    path = tmp_path / "datos.csv"
    path.write_bytes(b"a;b\n" * 250)
    guarded, _, thread = _reader(path, 10)
    thread.join(0.5)
    assert thread.is_alive()
    guarded.close()  # the consumer stopped early: the parser's thread must not hang
    thread.join(5.0)
    assert not thread.is_alive()


def test_interpreter_exits_cleanly_with_a_parser_held_back(tmp_path: Path) -> None:
    # an abandoned reader at exit: pyarrow's thread waits for room in Python; shutting down
    # under it used to abort the process ("PyGILState_Release")
    path = tmp_path / "datos.csv"
    path.write_bytes(b"a;b\n" + b"x;y\n" * 1000)
    script = f"""
from pathlib import Path
import datamuni.sources.csv_reader as reader
reader.MAX_LINE_BYTES = 16
stream = reader._stream(Path({str(path)!r}), "latin-1", ";", ["a", "b"], 0, 10)
print(next(stream).num_rows)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) > 0


def test_a_nul_byte_deep_in_the_stream_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_LINE_BYTES", 1024)  # the NUL comes in a later read
    path = tmp_path / "datos.csv"
    rows = [b"x;y\n"] * 5000
    rows[3210] = b"x;\x00y\n"  # file line 3212: after the header and 3210 rows
    path.write_bytes(b"a;b\n" + b"".join(rows))
    with pytest.raises(SourceError, match="bytes nulos") as raised:
        for _ in reader._stream(path, "latin-1", ";", ["a", "b"], 0, 100):
            pass
    assert raised.value.row == 3212
