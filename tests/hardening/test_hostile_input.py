"""Hostile and broken files are refused with a Spanish error naming file (and row/column).

Every case runs the whole pipeline (`run_dataset(..., publish=False)`): the input stays
byte-identical and no data package is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from tests.hardening.hostile_files import REFUSED
from tests.hardening.hostile_support import expect_refused, run_hostile

SPANISH = ("archivo", "revise", "exporte", "guarde", "entregue", "escriba", "ábrala", "ábralo")


@pytest.mark.parametrize(
    ("name", "build", "words", "row"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSED],
)
def test_hostile_file_is_refused(
    tmp_path: Path, name: str, build: object, words: tuple[str, ...], row: int | None
) -> None:
    source = tmp_path / name
    source.write_bytes(cast(Callable[[], bytes], build)())
    text = expect_refused(run_hostile(tmp_path, source), name, *words, row=row)
    assert any(word in text.lower() for word in SPANISH), text
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").rglob("*.arrow"))


def test_same_file_refused_without_declared_kind(tmp_path: Path) -> None:
    """Layout recognition does not change the verdict: a NUL byte is refused either way."""
    from tests.hardening.hostile_support import GOOD, csv_bytes, row, with_bad

    source = tmp_path / "nulos.csv"
    source.write_bytes(csv_bytes(with_bad(row("A\x00B"))))
    expect_refused(run_hostile(tmp_path, source, kind=None), "nulos.csv", "bytes nulos", row=5)
    assert GOOD


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    expect_refused(run_hostile(tmp_path, tmp_path / "no-existe.csv"), "no-existe.csv", "no existe")
    (tmp_path / "carpeta.csv").mkdir()
    expect_refused(run_hostile(tmp_path, tmp_path / "carpeta.csv"), "carpeta.csv", "no es un")
