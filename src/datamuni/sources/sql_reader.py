"""A query through an SQLAlchemy URL (`sql:<url>|<query>`), read-only and streamed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyarrow as pa
import sqlalchemy
from sqlalchemy.exc import SQLAlchemyError

from datamuni.errors import SourceError
from datamuni.sources.cells import cell_text
from datamuni.sources.raw import HeaderScore, RawTable, rows_to_batches

_READ_ONLY = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)


def _split(spec: str) -> tuple[str, str, str]:
    url, _, query = spec.partition("|")
    try:
        shown = sqlalchemy.make_url(url.strip()).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError) as error:
        raise SourceError(
            "La URL de la base de datos no es válida.",
            "Use el formato `sql:<url SQLAlchemy>|<consulta SELECT>`.",
            path="sql:",
        ) from error
    if not query.strip() or not _READ_ONLY.match(query):
        raise SourceError(
            "La consulta SQL debe ser un `SELECT` (o `WITH ... SELECT`).",
            "Use el formato `sql:<url SQLAlchemy>|SELECT ...`; datamuni solo lee la base.",
            path=shown,
        )
    return url.strip(), query.strip(), shown


def _failed(shown: str, error: Exception) -> SourceError:
    return SourceError(
        f"La consulta SQL falló ({type(error).__name__}: {str(error).splitlines()[0]}).",
        "Revise la conexión, los permisos y el texto de la consulta.",
        path=shown,
    )


def read_sql(spec: str, batch_rows: int, score: HeaderScore) -> tuple[RawTable, str]:
    """The query's result as a raw table (header row 1, first record row 2), and its label."""
    url, query, shown = _split(spec)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection, connection.begin() as transaction:
            headers = [str(key) for key in connection.execute(sqlalchemy.text(query)).keys()]  # noqa: SIM118
            transaction.rollback()
    except SQLAlchemyError as error:
        raise _failed(shown, error) from error

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        try:
            with engine.connect() as connection, connection.begin() as transaction:
                result = connection.execution_options(stream_results=True).execute(
                    sqlalchemy.text(query)
                )
                number = 1
                while chunk := result.fetchmany(batch_rows):
                    for record in chunk:
                        number += 1
                        yield number, [cell_text(value) for value in record]
                transaction.rollback()
        except SQLAlchemyError as error:
            raise _failed(shown, error) from error

    def open_batches() -> Iterator[pa.RecordBatch]:
        return rows_to_batches(rows(), len(headers), batch_rows, shown)

    return RawTable("sql", headers, 1, open_batches), shown
