"""The append-only store: round trip, idempotency, guards, and concurrent writers."""

from __future__ import annotations

import multiprocessing
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from datamuni.errors import ProgressError
from datamuni.progress import Event, Outcome, ProgressStore, Stage


def run_event(cut: str, number: int, period: str = "2025-08") -> Event:
    """A published run of `remuneraciones` with a distinct run id."""
    return Event.dataset_run(
        cut,
        "remuneraciones",
        period,
        Outcome.PUBLICADO,
        run_id=f"run-{number}",
        counts={"filas": number, "filas_en_cuarentena": 0},
    )


def test_round_trip_keeps_every_field(store: ProgressStore) -> None:
    moment = datetime(2025, 9, 10, 15, 30, tzinfo=UTC)
    sent = Event.dataset_run(
        "05101",
        "compras",
        "2025-08",
        Outcome.EN_CUARENTENA,
        run_id="abc",
        counts={"filas": 7},
        occurred_at=moment,
    )
    assert store.record_event(sent)
    assert store.events("05101") == [sent]
    assert store.events("13101") == []


def test_same_event_twice_is_stored_once(store: ProgressStore) -> None:
    sent = Event.stage_reached("05101", Stage.ADHESION)
    assert store.record_event(sent)
    assert not store.record_event(sent)
    assert len(store.events()) == 1


def test_events_cannot_be_updated_or_deleted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    with ProgressStore(url) as opened:
        opened.record_event(Event.stage_reached("05101", Stage.ADHESION))
    engine = create_engine(url)
    with pytest.raises(DatabaseError, match="solo se agregan"), engine.begin() as connection:
        connection.execute(text("UPDATE progreso_eventos SET cut = '13101'"))
    with pytest.raises(DatabaseError, match="solo se agregan"), engine.begin() as connection:
        connection.execute(text("DELETE FROM progreso_eventos"))
    engine.dispose()


def test_counts_must_be_integers(store: ProgressStore) -> None:
    with pytest.raises(ProgressError, match="conteos"):
        Event.dataset_run(
            "05101",
            "compras",
            "2025-08",
            Outcome.FALLIDO,
            run_id="x",
            counts={"rut": "12.345.678-5"},  # type: ignore[dict-item]
        )
    with pytest.raises(ProgressError, match="CUT"):
        Event.stage_reached("5101", Stage.ADHESION)
    with pytest.raises(ProgressError, match="se deduce"):
        Event.stage_reached("05101", Stage.PUBLICADO)


# PostgreSQL runs with the integration suite: the local stack's `datamuni` database, or the
# server named by DATAMUNI_TEST_POSTGRES_URL.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)]


def postgres_url() -> str:
    """The PostgreSQL test server: DATAMUNI_TEST_POSTGRES_URL, else the running local stack's."""
    configured = os.environ.get("DATAMUNI_TEST_POSTGRES_URL")
    if configured:
        return configured
    from datamuni.settings import Settings
    from datamuni.stack import ensure_stack
    from datamuni.stack.postgres import database_url
    from datamuni.stack.services import StackPaths

    settings = Settings(project_dir=Path(__file__).resolve().parents[2])
    ensure_stack(settings)
    return database_url(StackPaths.from_settings(settings), "datamuni")


def backend_url(backend: str, tmp_path: Path) -> str:
    """A store URL: a fresh SQLite file, or the PostgreSQL test server."""
    return f"sqlite:///{tmp_path / 'shared.sqlite'}" if backend == "sqlite" else postgres_url()


def fresh_cuts(count: int) -> list[str]:
    """CUT-shaped codes not used by earlier runs (a PostgreSQL database keeps its rows)."""
    start = uuid.uuid4().int % 90_000 + 10_000
    return [f"{(start + index) % 100_000:05d}" for index in range(count)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_threads_lose_no_event(backend: str, tmp_path: Path) -> None:
    threads, per_thread = 8, 40
    (cut,) = fresh_cuts(1)
    with ProgressStore(backend_url(backend, tmp_path)) as opened:

        def write(offset: int) -> None:
            for number in range(per_thread):
                opened.record_event(run_event(cut, offset * 1000 + number))

        workers = [threading.Thread(target=write, args=(index,)) for index in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        run_ids = {item.run_id for item in opened.events(cut)}
    assert len(run_ids) == threads * per_thread


def _write_from_process(url: str, cut: str, count: int, barrier: object) -> None:
    """Child process: open its own store (creating the tables if needed) and append events."""
    barrier.wait()  # type: ignore[attr-defined]
    with ProgressStore(url) as opened:
        for number in range(count):
            event = run_event(cut, number)
            opened.record_event(event)
            opened.record_event(event)  # a retried task: must not duplicate


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_lose_no_event(backend: str, tmp_path: Path) -> None:
    url = backend_url(backend, tmp_path)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    count = 150
    cuts = fresh_cuts(2)
    children = [
        context.Process(target=_write_from_process, args=(url, cut, count, barrier)) for cut in cuts
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
        assert child.exitcode == 0
    with ProgressStore(url) as opened:
        for cut in cuts:
            stored = opened.events(cut)
            assert len(stored) == count
            assert len({item.event_id for item in stored}) == count
            assert {item.run_id for item in stored} == {f"run-{n}" for n in range(count)}


def test_unreachable_database_is_a_spanish_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("datamuni.progress.store.ATTEMPTS", 2)
    with pytest.raises(ProgressError, match="registro de avance") as caught:
        ProgressStore("postgresql://nadie:secreto@127.0.0.1:1/progreso")
    assert "secreto" not in str(caught.value)
