"""Arrow's allocator is chosen from the settings once per process, never failing a run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from datamuni import arrow_memory
from datamuni.catalog import catalog_from_settings
from datamuni.errors import SourceError
from datamuni.settings import Settings
from datamuni.sources.read import read_source


@pytest.fixture(autouse=True)
def _restore_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = pa.default_memory_pool()
    monkeypatch.setattr(arrow_memory, "_configured", None)
    yield
    pa.set_memory_pool(before)


@pytest.mark.parametrize("allocator", ["jemalloc", "system", "mimalloc"])
def test_the_chosen_allocator_becomes_arrows_default(allocator: str) -> None:
    chosen = arrow_memory.configure_arrow_memory(Settings(arrow_allocator=allocator))
    assert chosen == allocator == pa.default_memory_pool().backend_name
    assert pa.array(["x"] * 10).buffers()[1] is not None  # and it allocates


def test_jemalloc_is_the_default_allocator() -> None:
    assert arrow_memory.configure_arrow_memory(Settings()) == "jemalloc"


def test_a_pyarrow_without_the_allocator_keeps_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    pa.set_memory_pool(pa.system_memory_pool())

    def missing() -> pa.MemoryPool:
        raise NotImplementedError("built without jemalloc")

    monkeypatch.setattr(pa, "jemalloc_memory_pool", missing)
    assert arrow_memory.configure_arrow_memory(Settings()) == "system"


def test_reading_a_source_applies_the_settings(tmp_path: Path) -> None:
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    source = tmp_path / "t.csv"
    source.write_text("sin;relacion\n1;2\n", encoding="utf-8")
    settings = Settings(project_dir=tmp_path, arrow_allocator="system")
    with pytest.raises(SourceError):  # an unknown layout is refused after the allocator is set
        read_source(source, settings, kind=None, catalog=catalog_from_settings(Settings()))
    assert pa.default_memory_pool().backend_name == "system"
