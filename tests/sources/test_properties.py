"""Property tests: the CSV reader round-trips any table; Chilean numbers parse exactly."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datamuni.settings import Settings
from datamuni.sources.normalize import normalize_number
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import CATALOG, TRANSFERENCIAS, rows_of
from tests.sources.sources_helpers import PLACEHOLDERS as KIND_PLACEHOLDERS

PLACEHOLDERS = {text.lower() for text in KIND_PLACEHOLDERS}
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(';,"\n|\t'),
    max_size=12,
).filter(lambda text: text.strip() == text and text != "" and text.lower() not in PLACEHOLDERS)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=12),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_csv_reader_round_trips_text(
    tmp_path: Path, rows: list[tuple[str, str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["organismo_codigo", "razon_social", "objeto_transferencia"])
    writer.writerows([("13101", name, purpose) for name, purpose in rows])
    path = tmp_path / "p.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))

    table = read_source(
        path, Settings(project_dir=tmp_path, batch_rows=5), kind=TRANSFERENCIAS, catalog=CATALOG
    )

    read = rows_of(table)
    assert table.delimiter == delimiter
    assert [(row["razon_social"], row["objeto"]) for row in read] == rows
    assert [row["_fila"] for row in read] == list(range(2, len(rows) + 2))


def _chilean(value: Decimal, money: bool) -> str:
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = grouped + ("," + fraction if fraction else "")
    return ("$ " if money else "") + sign + text


@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    money=st.booleans(),
)
def test_chilean_numbers_parse_exactly(value: Decimal, money: bool) -> None:
    text = _chilean(value, money)
    [parsed] = normalize_number(pa.array([text])).to_pylist()
    assert Decimal(parsed) == value
