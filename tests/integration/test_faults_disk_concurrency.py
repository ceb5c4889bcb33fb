"""The run folder's disk is full (a real 3 MB tmpfs mounted for the test), and two runs of the
same municipality start at once."""

from __future__ import annotations

import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from datamuni.progress import Outcome
from tests.integration.faults_support import (  # noqa: F401 (fixture)
    FaultWorld,
    RunRecord,
    assert_rows_conserved,
    names_in,
    world_fixture,
)

pytestmark = pytest.mark.integration
FIRST = [f"Ana{i}" for i in range(12)]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (root may mount; if not, the test fails: say so rather than skip)."""
    mount = tmp_path / "disco"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_fails_in_spanish_and_keeps_the_previous_version(
    world: FaultWorld, tiny_disk: Path
) -> None:
    first = world.run(world.source(FIRST))
    assert first.recorded == Outcome.PUBLICADO, first.error
    before, content = world.published()
    # Rows large enough that the spool and the package do not fit in 3 MB.
    filler = "x" * 30_000
    names = [f"Berta{i}" for i in range(150)]
    source = world.source(names)
    text = source.read_text(encoding="utf-8").splitlines()
    source.write_text(
        "\n".join([text[0], *(line + filler for line in text[1:])]) + "\n", encoding="utf-8"
    )
    record = world.run(source, runs_dir=tiny_disk / "runs", datapackages_dir=tiny_disk / "paquetes")
    assert record.error is not None and record.recorded == Outcome.FALLIDO
    message = str(record.error)
    assert "No se pudo escribir" in message and "Libere espacio" in message
    assert str(tiny_disk) in message
    assert not list(tiny_disk.rglob("*.arrow")), "half-written protected data left behind"
    assert (
        not [p for p in (tiny_disk / "paquetes").rglob("*.csv")]
        if (tiny_disk / "paquetes").exists()
        else True
    )
    after, now = world.published()
    assert now == content and after["metadata_modified"] == before["metadata_modified"]
    # With space again, the re-run completes (the same input, a normal folder).
    rerun = world.run(source)
    assert rerun.result is not None, rerun.error
    assert_rows_conserved(rerun, source)


def test_two_runs_of_the_same_municipality_at_once(world: FaultWorld) -> None:
    sources = []
    for index, prefix in enumerate(("Carla", "Diego")):
        sources.append(world.source([f"{prefix}{i}" for i in range(12)], f"fuente{index}.csv"))
    records: dict[int, RunRecord] = {}
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        barrier.wait()
        records[index] = world.run(sources[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert set(records) == {0, 1}
    outcomes = [records[i].recorded for i in (0, 1)]
    for record in records.values():
        if record.error is not None:  # the loser may give up, clearly, in Spanish
            assert "Otra ejecución" in str(record.error) or "cambió en CKAN" in str(record.error)
    assert Outcome.PUBLICADO in outcomes
    _, content = world.published()  # exactly one resource for the period, no duplicates
    published = sorted(names_in(content))
    assert published in (
        sorted(f"Carla{i}" for i in range(12)),
        sorted(f"Diego{i}" for i in range(12)),
    )
    assert (
        len({records[0].result.run_folder, records[1].result.run_folder}) == 2
        if all(r.result for r in records.values())
        else True
    )
    # A third run of what is published now makes no write at all.
    winner = 0 if published[0].startswith("Carla") else 1
    again = world.run(sources[winner])
    assert again.result is not None and again.result.publish is not None
    assert again.result.publish.writes == 0
    events = [e for e in world.store.events("05101") if e.kind == world.kind]
    assert len(events) == 3 and len({e.event_id for e in events}) == 3
    assert uuid.UUID(events[0].event_id)
    shutil.rmtree(world.settings.resolve(world.settings.datapackages_dir), ignore_errors=True)
