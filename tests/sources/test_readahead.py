"""The CSV reader holds pyarrow's read-ahead to a few blocks beyond what was handed out."""

from __future__ import annotations

import threading
from pathlib import Path

from datamuni.sources.csv_reader import READAHEAD_BLOCKS, _GuardedFile


def _reader(path: Path, block: int) -> tuple[_GuardedFile, list[int], threading.Thread]:
    guarded = _GuardedFile(path, check_nul=True, block_bytes=block)
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
