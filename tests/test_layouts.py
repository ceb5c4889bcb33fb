"""The CPLT bulk staff-pay header list: one packaged copy, read by both sample generators."""

from __future__ import annotations

import importlib.util
import random
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from benchmarks import synth
from datamuni.errors import ConfigurationError
from datamuni.layouts import _header_list, cplt_staff_headers

ROOT = Path(__file__).resolve().parents[1]


def _demo_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_samples", ROOT / "stack" / "demo" / "generate_samples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_headers_are_the_42_cplt_columns_in_order() -> None:
    headers = cplt_staff_headers()
    assert len(headers) == 42
    assert len(set(headers)) == 42
    assert headers[:3] == ("idPagina", "idPaginaPadre", "camino")
    assert headers[-3:] == ("Tipo unidad monetaria viaticos", "viaticos", "activado")
    assert all(header == header.strip() and ";" not in header for header in headers)


def test_both_generators_use_the_packaged_list(tmp_path: Path) -> None:
    demo = _demo_generator()
    assert synth.HEADERS is cplt_staff_headers()
    assert demo.BULK_HEADER is cplt_staff_headers()
    demo.write_bulk_staff(tmp_path / "bulk.csv", random.Random(1), 3)
    first_line = (tmp_path / "bulk.csv").read_bytes().decode("latin-1").splitlines()[0]
    assert first_line == ";".join(cplt_staff_headers())


def test_committed_demo_sample_has_the_same_header() -> None:
    sample = ROOT / "municipios" / "05101" / "remuneraciones-contrata-2026-10.csv"
    first_line = sample.read_bytes().decode("latin-1").splitlines()[0]
    assert first_line.split(";") == list(cplt_staff_headers())


@pytest.mark.parametrize(
    ("loaded", "message"),
    [
        ({"idPagina": 1}, "lista YAML"),
        (["idPagina", ""], "lista YAML"),
        (["idPagina", 3], "lista YAML"),
        (["idPagina", "Mes", "idPagina"], "repite encabezados: `idPagina`"),
    ],
)
def test_a_damaged_list_is_refused_in_spanish(loaded: object, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        _header_list(loaded, "data/x.yaml")


def test_demo_spreadsheets_are_saved_byte_identically(tmp_path: Path) -> None:
    demo = _demo_generator()
    saved = []
    for attempt in range(2):
        path = tmp_path / f"compras-{attempt}.xlsx"
        demo.write_purchases_xlsx(path, random.Random(7), 5)
        saved.append(path.read_bytes())
        time.sleep(2.1)  # zip entries keep the time in 2-second steps: a later save must not show
    assert saved[0] == saved[1]
    for committed in ("05109/compras-2026-10.xlsx", "08110/presupuesto-2026-10.xlsx"):
        with zipfile.ZipFile(ROOT / "municipios" / committed) as book:
            core = book.read("docProps/core.xml")
            assert b"2026-11-01T00:00:00Z" in core  # regenerated with the stable save
            assert {entry.date_time for entry in book.infolist()} == {demo.STAMP}
