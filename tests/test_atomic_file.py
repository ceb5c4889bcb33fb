"""State files are replaced whole, owner-only, and a failed swap leaves no temporary behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.atomic_file import replace_text


def test_replaces_the_file_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "estado.json"
    path.write_text("viejo\n", encoding="utf-8")
    replace_text(path, "nuevo\n")
    assert path.read_text(encoding="utf-8") == "nuevo\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["estado.json"]


def test_a_failed_swap_keeps_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "ocupado"
    path.mkdir()  # a folder where the file should go: the swap fails
    (path / "dentro").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        replace_text(path, "nuevo\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ocupado"]
    assert (path / "dentro").read_text(encoding="utf-8") == "x"
