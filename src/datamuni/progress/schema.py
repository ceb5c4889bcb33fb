"""The progress tables (SQLAlchemy Core): one append-only event table, guarded by triggers."""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    event,
)

metadata = MetaData()

events_table = Table(
    "progreso_eventos",
    metadata,
    # BIGINT identity on PostgreSQL; SQLite only autoincrements an INTEGER primary key.
    Column(
        "seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event_id", String(32), nullable=False, unique=True),
    Column("cut", String(5), nullable=False),
    Column("type", String(16), nullable=False),
    Column("stage", String(40)),
    Column("kind", String(64)),
    Column("period", String(7)),
    Column("outcome", String(20)),
    Column("step", String(20)),
    Column("run_id", String(100)),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("counts", JSON, nullable=False),
    Index("ix_progreso_eventos_cut", "cut"),
)

_SQLITE_GUARDS = [
    f"""CREATE TRIGGER IF NOT EXISTS progreso_eventos_sin_{verb}
    BEFORE {verb.upper()} ON progreso_eventos
    BEGIN SELECT RAISE(ABORT, 'progreso_eventos: solo se agregan eventos'); END"""
    for verb in ("update", "delete")
]

_POSTGRESQL_GUARD = """
CREATE OR REPLACE FUNCTION progreso_eventos_solo_agregar() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'progreso_eventos: solo se agregan eventos'; END
$$ LANGUAGE plpgsql;
CREATE TRIGGER progreso_eventos_solo_agregar BEFORE UPDATE OR DELETE ON progreso_eventos
FOR EACH ROW EXECUTE FUNCTION progreso_eventos_solo_agregar();
"""


def _guard(statement: str, dialect: str) -> None:
    """Make the event table refuse UPDATE and DELETE on one dialect."""
    ddl = DDL(statement)  # type: ignore[no-untyped-call]
    event.listen(events_table, "after_create", ddl.execute_if(dialect=dialect))


for _statement in _SQLITE_GUARDS:
    _guard(_statement, "sqlite")
_guard(_POSTGRESQL_GUARD, "postgresql")
