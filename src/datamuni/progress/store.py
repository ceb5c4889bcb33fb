"""The progress store: append-only events in SQLite or PostgreSQL; state derived on read."""

from __future__ import annotations

import importlib.util
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from datamuni.errors import ProgressError
from datamuni.progress.deadlines import local_day
from datamuni.progress.events import Event, EventType
from datamuni.progress.schema import events_table, metadata
from datamuni.progress.stages import Outcome, Stage, Step
from datamuni.progress.state import MunicipalityState, derive_state

T = TypeVar("T")
ATTEMPTS = 8
"""Tries of one write when the database is busy or briefly unreachable."""
BUSY_TIMEOUT_MS = 30_000
"""How long SQLite waits for a lock before reporting `database is locked`."""


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers and one writer overlap; the busy timeout makes writers queue."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def engine_url(url: str) -> URL:
    """Parse a store URL; bare `postgresql://` uses psycopg2 (pinned) when psycopg 3 is absent."""
    parsed = make_url(url)
    # SQLAlchemy 2.1 made psycopg 3 the default PostgreSQL driver; datamuni pins psycopg2.
    if parsed.drivername == "postgresql" and importlib.util.find_spec("psycopg") is None:
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return parsed


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored moment is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ProgressStore:
    """Append-only progress events with per-municipality state derived from them."""

    def __init__(self, url: str) -> None:
        """Open (and create if needed) the store at a SQLAlchemy URL."""
        parsed = engine_url(url)
        self.url = parsed.render_as_string(hide_password=True)
        self._is_sqlite = parsed.get_backend_name() == "sqlite"
        if self._is_sqlite and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(parsed, pool_pre_ping=not self._is_sqlite)
        if self._is_sqlite:
            event.listen(self._engine, "connect", _configure_sqlite)
        # Two workers may start together: a losing CREATE is retried and then finds the table.
        self._retry(
            lambda: metadata.create_all(self._engine), extra=(ProgrammingError, IntegrityError)
        )

    def _retry(self, action: Callable[[], T], extra: tuple[type[Exception], ...] = ()) -> T:
        """Run `action`, retrying with jittered backoff when the database is busy."""
        for attempt in range(ATTEMPTS):
            try:
                return action()
            except (OperationalError, *extra) as error:  # type: ignore[misc]
                if attempt == ATTEMPTS - 1:
                    raise ProgressError(
                        f"No se pudo usar el registro de avance `{self.url}`.",
                        "Revise que la base de datos esté disponible y reintente.",
                    ) from error
                time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def record_event(self, item: Event) -> bool:
        """Append one event; False if an event with the same id was already stored."""
        row = {
            "event_id": item.event_id,
            "cut": item.cut,
            "type": item.type.value,
            "stage": item.stage.value if item.stage else None,
            "kind": item.kind,
            "period": item.period,
            "outcome": item.outcome.value if item.outcome else None,
            "step": item.step.value if item.step else None,
            "run_id": item.run_id,
            "occurred_at": _utc(item.occurred_at),
            "recorded_at": datetime.now(UTC),
            "counts": dict(item.counts),
        }

        def attempt() -> bool:
            try:
                with self._engine.begin() as connection:
                    connection.execute(insert(events_table).values(**row))
                return True
            except IntegrityError:
                # A retried task re-sends the same event id: recording it twice is a no-op.
                if self._has_event(item.event_id):
                    return False
                raise

        return self._retry(attempt)

    def _has_event(self, event_id: str) -> bool:
        """True if an event with this id is stored."""
        query = select(events_table.c.seq).where(events_table.c.event_id == event_id)
        with self._engine.connect() as connection:
            return connection.execute(query).first() is not None

    def events(self, cut: str | None = None) -> list[Event]:
        """Stored events, oldest first, of one municipality or of all."""
        query = select(events_table).order_by(events_table.c.seq)
        if cut is not None:
            query = query.where(events_table.c.cut == cut)

        def read() -> list[Event]:
            with self._engine.connect() as connection:
                return [_to_event(row._mapping) for row in connection.execute(query)]

        return self._retry(read)

    def state(self, cut: str, today: date | None = None) -> MunicipalityState:
        """Current state of one municipality on `today` (Chile's today by default)."""
        return derive_state(cut, self.events(cut), today or local_day(datetime.now(UTC)))

    def all_states(self, today: date | None = None) -> dict[str, MunicipalityState]:
        """Current state of every municipality with at least one event, by CUT."""
        by_cut: dict[str, list[Event]] = {}
        for item in self.events():
            by_cut.setdefault(item.cut, []).append(item)
        day = today or local_day(datetime.now(UTC))
        return {cut: derive_state(cut, items, day) for cut, items in sorted(by_cut.items())}

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _to_event(row: Any) -> Event:
    """Rebuild an Event from a stored row."""
    return Event(
        cut=row["cut"],
        type=EventType(row["type"]),
        stage=Stage(row["stage"]) if row["stage"] else None,
        kind=row["kind"],
        period=row["period"],
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        step=Step(row["step"]) if row["step"] else None,
        run_id=row["run_id"],
        occurred_at=_utc(row["occurred_at"]),
        counts=dict(row["counts"]),
        event_id=row["event_id"],
    )
