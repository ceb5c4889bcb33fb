"""Guarded binary reading for the CSV parser: NUL bytes refused, read-ahead bounded."""

from __future__ import annotations

import atexit
import io
import threading
import time
import weakref
from pathlib import Path

from datamuni.errors import SourceError
from datamuni.sources.detect import MAX_LINE_BYTES

READAHEAD_BLOCKS = 2
"""Blocks the parser may read beyond the batches handed out (bounds memory on huge files)."""
_WAIT_SECONDS = 0.5


class GuardedFile(io.RawIOBase):
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


_OPEN: weakref.WeakSet[GuardedFile] = weakref.WeakSet()


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
