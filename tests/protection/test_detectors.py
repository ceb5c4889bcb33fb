"""Each detector finds what it should and leaves amounts, dates, codes and grades alone."""

from __future__ import annotations

import polars as pl
import pytest

from datamuni.protection.detectors import scan_column


def kinds_found(text: str, numeric: bool = False) -> set[str]:
    """Detector kinds that fire on one cell."""
    scan = scan_column(pl.Series("c", [text]), numeric=numeric)
    return {kind for kind, mask in scan.masks.items() if mask[0]}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("escribir a juan.perez@gmail.com", "email"),
        ("JPEREZ@MUNI-MAIPU.CL", "email"),
        ("contacto: maria_soto+tramites@hotmail.es.", "email"),
        ("+56 9 8765 4321", "phone"),
        ("+56987654321", "phone"),
        ("fono 9 8765 4321", "phone"),
        ("987654321", "phone"),
        ("(2) 2345 6789", "phone"),
        ("+56 2 2345 6789", "phone"),
        ("22 345 6789", "phone"),
        ("tel. 41 223 4567", "phone"),
        ("(+56) 32 212 3456", "phone"),
        ("domicilio Calle Los Aromos 1234, Maipú", "address"),
        ("Av. Libertador Bernardo O'Higgins 1449", "address"),
        ("Pje. Las Rosas N° 45 depto 12", "address"),
        ("villa El Bosque 23", "address"),
        ("Población La Victoria 567", "address"),
        ("avenida Grecia #2001", "address"),
        ("paciente con diagnóstico de depresión", "sensitive"),
        ("beneficiaria embarazada", "sensitive"),
        ("persona con discapacidad", "sensitive"),
        ("portador de VIH", "sensitive"),
        ("afiliación sindical", "sensitive"),
        ("orientación sexual", "sensitive"),
        ("pertenece a etnia mapuche", "sensitive"),
        ("tramo del Registro Social de Hogares", "sensitive"),
    ],
)
def test_detects(text: str, kind: str) -> None:
    assert kind in kinds_found(text)


@pytest.mark.parametrize(
    "text",
    [
        "12.345.678",
        "12.345.678-0",
        "$ 1.200.000",
        "1234567.5",
        "2024-01-15",
        "15/03/2024",
        "13101",
        "05101",
        "grado 12",
        "Grado EUS 8",
        "$78.660 : 12",
        "Departamento de Salud",
        "población objetivo 500 personas",
        "Compra de 25 sillas",
        "Ley 20.285 art. 7",
        "Decreto 1.115/2018",
        "Profesional",
        "Administración Municipal",
    ],
)
def test_precision(text: str) -> None:
    assert kinds_found(text) == set()


def test_numeric_fields_keep_plain_numbers() -> None:
    assert kinds_found("123456785", numeric=True) == set()
    assert kinds_found("987654321", numeric=True) == set()
    assert kinds_found("12.345.678-5", numeric=True) == {"rut"}


def test_a_column_of_only_amounts_skips_the_detectors_with_the_same_verdict() -> None:
    amounts = pl.Series("monto", ["123456785", None, "-5", "3088479.0", " 42 "])
    scan = scan_column(amounts, numeric=True)
    assert scan.spans_redacted.to_list() == amounts.to_list()
    assert scan.cells_redacted().to_list() == amounts.to_list()
    assert scan.any_mask.to_list() == [False] * 5
    assert set(scan.masks) == set(scan_column(pl.Series("t", ["x"])).masks)
    assert all(mask.to_list() == [False] * 5 for mask in scan.masks.values())


def test_one_dashed_rut_among_amounts_is_still_caught() -> None:
    scan = scan_column(pl.Series("monto", ["1200000", "12.345.678-5", None]), numeric=True)
    assert scan.masks["rut"].to_list() == [False, True, False]
    assert scan.cells_redacted().to_list() == ["1200000", "[RUT eliminado]", None]


def test_spans_and_cells() -> None:
    scan = scan_column(
        pl.Series("c", ["Pago a 12.345.678-5, fono +56 9 8765 4321", "Sin datos", None])
    )
    assert scan.spans_redacted.to_list() == [
        "Pago a [RUT eliminado], fono [teléfono eliminado]",
        "Sin datos",
        None,
    ]
    assert scan.cells_redacted().to_list() == [
        "[RUT eliminado] [teléfono eliminado]",
        "Sin datos",
        None,
    ]
