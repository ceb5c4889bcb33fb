"""Property-based fuzzing of the readers: any bytes either read or raise a `DatamuniError`."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datamuni.catalog import catalog_from_settings
from datamuni.errors import DatamuniError
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.hardening.hostile_support import HEADER, ROOT, row

FUZZ = settings(
    max_examples=int(os.environ.get("DATAMUNI_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CATALOG = catalog_from_settings(Settings(project_dir=ROOT))
CSVISH = st.text(
    alphabet=st.sampled_from(list(";,\"'\t|\r\n =+-@$.0123456789aZñé\x00\x1b\u0430\ufeff\u2028")),
    max_size=400,
)
SUFFIXES = st.sampled_from([".csv", ".xlsx", ".xls", ".xml", ".json", ".txt", ""])


def _read_everything(path: Path, kind: str | None) -> None:
    """Open the source and stream every batch; only DatamuniError may escape."""
    try:
        table = read_source(
            path,
            Settings(project_dir=ROOT, batch_rows=7),
            kind=CATALOG[kind] if kind else None,
            catalog=CATALOG,
            municipality="05101",
        )
        for batch in table.batches():
            assert batch.num_rows <= 7
    except DatamuniError as error:
        assert str(error).strip(), "an error without a message"


@FUZZ
@given(data=st.binary(max_size=2048), suffix=SUFFIXES, kind=st.sampled_from([None, "compras"]))
def test_random_bytes_read_or_raise_datamuni_error(
    tmp_path: Path, data: bytes, suffix: str, kind: str | None
) -> None:
    path = tmp_path / f"azar{suffix}"
    path.write_bytes(data)
    _read_everything(path, kind)
    assert path.read_bytes() == data


@FUZZ
@given(
    body=CSVISH,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    kind=st.sampled_from([None, "remuneraciones"]),
)
def test_csvish_text_reads_or_raises_datamuni_error(
    tmp_path: Path, body: str, encoding: str, kind: str | None
) -> None:
    path = tmp_path / "casi.csv"
    path.write_bytes((HEADER + "\n" + row() + "\n" + body).encode(encoding, errors="replace"))
    _read_everything(path, kind)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10_000), noise=st.binary(min_size=1, max_size=64))
def test_mutated_xlsx_reads_or_raises_datamuni_error(
    tmp_path: Path, cut: int, noise: bytes
) -> None:
    data = bytearray(_XLSX)
    position = cut % len(data)
    data[position : position + len(noise)] = noise
    path = tmp_path / "mutada.xlsx"
    path.write_bytes(bytes(data))
    _read_everything(path, "remuneraciones")


@FUZZ
@given(cell=st.text(max_size=40), attribute=st.sampled_from(["Index", "MergeAcross", "MergeDown"]),
       value=st.text(alphabet="0123456789-x ", min_size=1, max_size=12))  # fmt: skip
def test_spreadsheetml_attributes_read_or_raise_datamuni_error(
    tmp_path: Path, cell: str, attribute: str, value: str
) -> None:
    from xml.sax.saxutils import escape, quoteattr

    cells = "".join(
        f'<Cell><Data ss:Type="String">{escape(text)}</Data></Cell>' for text in HEADER.split(";")
    )
    hostile = f"<Cell ss:{attribute}={quoteattr(value)}><Data>{escape(cell)}</Data></Cell>"
    xml = (
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
        f"<Row>{cells}</Row><Row>{hostile}</Row></Table></Worksheet></Workbook>"
    )
    path = tmp_path / "planilla.xml"
    path.write_text(xml, encoding="utf-8")
    try:
        _read_everything(path, "remuneraciones")
    except ValueError as error:  # pragma: no cover - the failure we guard against
        pytest.fail(f"ValueError escaped: {error}")


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in [HEADER, row(), row("Berta")]:
        sheet.append(line.replace('"', "").split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_XLSX = _xlsx()
