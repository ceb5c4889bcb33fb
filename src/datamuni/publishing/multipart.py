"""Streaming multipart/form-data body: uploads of many GB without loading them in memory."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from typing import IO

from urllib3.fields import RequestField

CHUNK = 1024 * 1024


class MultipartStream:
    """A file-like body (`read`, `__len__`) that requests sends with an exact Content-Length."""

    def __init__(
        self, fields: Mapping[bytes, bytes], files: Mapping[str, IO[bytes]], boundary: str = ""
    ) -> None:
        self.boundary = boundary or uuid.uuid4().hex
        self._parts: list[bytes | IO[bytes]] = []
        for key, value in fields.items():
            self._add(RequestField(key.decode("utf-8"), value), value)
        for name, handle in files.items():
            filename = os.path.basename(str(getattr(handle, "name", name)))
            field = RequestField(name, b"", filename=filename)
            field.make_multipart(content_type="application/octet-stream")
            self._add(field, handle)
        self._parts.append(f"--{self.boundary}--\r\n".encode())
        self._length = sum(self._size(part) for part in self._parts)
        self._current = 0

    @property
    def content_type(self) -> str:
        """The Content-Type header value, with the boundary."""
        return f"multipart/form-data; boundary={self.boundary}"

    def _add(self, field: RequestField, body: bytes | IO[bytes]) -> None:
        if not field.headers.get("Content-Disposition"):
            field.make_multipart()
        self._parts.append(
            f"--{self.boundary}\r\n".encode() + field.render_headers().encode("utf-8")
        )
        self._parts.append(body)
        self._parts.append(b"\r\n")

    @staticmethod
    def _size(part: bytes | IO[bytes]) -> int:
        if isinstance(part, bytes):
            return len(part)
        return os.fstat(part.fileno()).st_size - part.tell()

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        """Next bytes of the body (at most `size`, at most one part at a time)."""
        size = CHUNK if size is None or size < 0 else size
        while self._current < len(self._parts):
            part = self._parts[self._current]
            if isinstance(part, bytes):
                self._parts[self._current] = b""
                if part:
                    if len(part) > size:
                        self._parts[self._current] = part[size:]
                        return part[:size]
                    self._current += 1
                    return part
                self._current += 1
                continue
            data = part.read(size)
            if data:
                return data
            self._current += 1
        return b""
