"""Planted canaries, every dataset kind, the whole journey: nothing leaks past protection.

Every column of every kind gets personal data (RUTs in every written form, e-mails, phones,
home addresses). After the pipeline, no canary appears in any byte of the package, of the run
folder (except `cuarentena.csv`, which holds rejected rows by design: owner-only, never
published), or of the logs.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest

from datamuni.catalog import DatasetKind, catalog_from_settings
from datamuni.pipeline import run_dataset
from datamuni.run_result import OUTCOME_BLOCKED
from datamuni.settings import Settings
from tests.pipeline_support import ROOT, isolated_settings

RUT_FORMS = ("12.345.678-5", "12345678-5", "123456785", "10.000.013-k", "9876543-3")
MAILS = ("canario.uno@gmail.com", "Canario.Dos@Hotmail.com")
PHONES = ("+56 9 8765 4321", "+56987654321", "(41) 221 3344")
ADDRESSES = ("Pasaje Los Aromos 1234", "Avenida Libertad 987")
CANARIES = (*RUT_FORMS, *MAILS, *PHONES, *ADDRESSES)
# What must never be readable afterwards (digit runs of the RUTs and phones included).
FORBIDDEN = (*CANARIES, "12345678", "10000013", "9876543", "87654321", "2213344")
FREE_TEXT = (
    f"Contactar a {RUT_FORMS[0]} o {MAILS[0]}, fono {PHONES[0]}, domicilio {ADDRESSES[0]}; "
    f"RUN {RUT_FORMS[3]}"
)


def _keyed_by_year(kind: DatasetKind) -> bool:
    return set(kind.primary_key) == {"codigo_comuna", "anio"}


def _good_value(kind: DatasetKind, name: str, index: int) -> str:
    spec = kind.field(name)
    enum = spec.constraints.get("enum")
    if name == "codigo_comuna":
        return "05101"
    if name == "anio":
        # Annual kinds (patentes) key rows by year: one row per year keeps the key unique.
        return str(2000 + index % 101) if _keyed_by_year(kind) else "2026"
    if name == "mes":
        return "10"
    if enum:
        return str(enum[index % len(enum)])
    if spec.type in ("integer", "year"):
        return str(index + 1)
    if spec.type == "number":
        return str(1000 + index)
    if spec.type == "date":
        return "2026-10-01"
    if spec.type == "boolean":
        return "true"
    return f"valor {index}"


def _canary_for(kind: DatasetKind, name: str, index: int) -> str:
    if kind.field(name).type == "string":
        return FREE_TEXT if index % 2 else CANARIES[index % len(CANARIES)]
    return RUT_FORMS[0]  # a dashed RUT in a number or date column: quarantined, never published


def _write_file(kind: DatasetKind, path: Path) -> int:
    names = list(kind.field_names)
    count = 60 if _keyed_by_year(kind) else 400
    rows = [[_good_value(kind, name, index) for name in names] for index in range(count)]
    for index, name in enumerate(names):
        row = [_good_value(kind, other, 1000 + index) for other in names]
        row[names.index(name)] = _canary_for(kind, name, index)
        rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(names)
        writer.writerows(rows)
    return len(rows)


def _every_byte(root: Path) -> bytes:
    return b"\n".join(
        path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "cuarentena.csv"
    )


KINDS = sorted(catalog_from_settings(Settings(project_dir=ROOT)))


@pytest.mark.parametrize("kind_name", KINDS)
def test_no_canary_survives_the_pipeline(
    kind_name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = isolated_settings(tmp_path, pseudonym_key="clave-de-prueba-canarios-0123456789")
    kind = catalog_from_settings(settings)[kind_name]
    source = tmp_path / f"{kind_name}.csv"
    rows = _write_file(kind, source)
    period = "2026" if kind_name == "patentes" else "2026-10"
    with caplog.at_level(logging.DEBUG):
        result = run_dataset(
            settings,
            source=source,
            kind=kind_name,
            municipality="05101",
            period=period,
            publish=False,
        )
    assert result.outcome != OUTCOME_BLOCKED, result.block_reasons
    assert result.rows_total == rows
    assert result.rows_valid + result.rows_quarantined == rows
    assert result.package is not None
    written = _every_byte(settings.resolve(settings.datapackages_dir))
    written += _every_byte(result.run_folder)
    logged = caplog.text.encode("utf-8")
    for canary in FORBIDDEN:
        needle = canary.encode("utf-8")
        assert needle not in written, f"{kind_name}: `{canary}` quedó escrito"
        assert needle.lower() not in written.lower(), f"{kind_name}: `{canary}` quedó escrito"
        assert needle not in logged, f"{kind_name}: `{canary}` quedó en el registro"
