"""Replace a small state file atomically: readers see the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_text(path: Path, text: str) -> None:
    """Write `text` to `path` through an owner-only temporary file swapped into place.

    The temporary file is created beside `path` (same file system, so the swap is atomic) with
    mode 0600, synced before the swap and removed if anything fails; the old file stays whole
    until then. `OSError`s reach the caller, which words them for its file.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
