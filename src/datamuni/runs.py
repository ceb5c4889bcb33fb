"""The run folder: where one run keeps its reports and quarantine (owner-only permissions)."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datamuni.json_files import write_json
from datamuni.settings import Settings


@dataclass(frozen=True)
class RunFolder:
    """One run's folder: `runs/<UTC timestamp>-<cut>-<kind>-<period>/`."""

    path: Path

    @classmethod
    def create(cls, settings: Settings, cut: str, kind: str, period: str) -> RunFolder:
        """Create a fresh run folder, readable by its owner only, after purging expired ones.

        Every command that writes a quarantine (publicar, validar, proteger, the flows) comes here,
        so run folders, which hold personal data, never outlive the retention period by more than
        the time until the next run.
        """
        purge_expired_runs(settings)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        root = settings.resolve(settings.runs_dir)
        root.mkdir(parents=True, exist_ok=True)
        path = root / f"{stamp}-{cut}-{kind}-{period}"
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)
        return cls(path)

    def file(self, name: str) -> Path:
        """Path of a file inside the run folder."""
        return self.path / name

    def write_json(self, name: str, value: Any) -> None:
        """Write `value` as indented UTF-8 JSON to a file of the run folder."""
        write_json(self.file(name), value)

    def private_file(self, name: str) -> Path:
        """Create an empty owner-only file (for data that holds personal data) and return it."""
        target = self.path / name
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(target, 0o600)
        return target


def purge_expired_runs(settings: Settings, now: float | None = None) -> list[Path]:
    """Delete run folders older than the quarantine retention period; return what was deleted."""
    root = settings.resolve(settings.runs_dir)
    if not root.is_dir():
        return []
    limit = (now if now is not None else time.time()) - settings.quarantine_retention_days * 86400
    removed = []
    for child in sorted(root.iterdir()):
        try:  # another run may purge the same folder at the same time; never follow a link
            if child.is_symlink() or not child.is_dir() or child.stat().st_mtime >= limit:
                continue
            shutil.rmtree(child)
        except FileNotFoundError:
            continue
        removed.append(child)
    return removed
