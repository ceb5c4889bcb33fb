"""The one way datamuni writes JSON files: reports, run records, package descriptors, the ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def json_text(value: Any) -> str:
    """Deterministic JSON text: insertion order, 2-space indent, accents kept, final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, value: Any) -> Path:
    """Write `value` to `path` as `json_text` in UTF-8; return the path."""
    path.write_text(json_text(value), encoding="utf-8")
    return path
