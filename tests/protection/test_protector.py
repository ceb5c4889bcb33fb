"""Protector: actions per field, fail closed, canaries never leak, report holds no values."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from pydantic import SecretStr

from datamuni.errors import ProtectionError
from datamuni.protection import Protector
from datamuni.settings import Settings
from tests.protection.conftest import make_batch, make_field, make_kind

CANARIES = [
    "12.345.678-5",
    "12345678-5",
    "123456785",
    "9.876.543-3",
    "5.126.663-3",
    "20.414.138-k",
    "20414138K",
    "canario.secreto@gmail.com",
    "+56 9 8765 4321",
    "+56987654321",
    "(2) 2345 6789",
    "Calle Los Canarios 1234",
    "Pasaje Secreto 77",
]
"""Valid RUTs in every form, e-mails, phones and addresses (none may reach the output)."""


def staff_kind():  # type: ignore[no-untyped-def]
    """A staff-pay kind with one field per action."""
    return make_kind(
        [
            make_field("nombre", "publicar"),
            make_field("rut", "seudonimizar"),
            make_field("correo", "eliminar"),
            make_field("remuneracion_bruta", "publicar", "number"),
            make_field("fecha_ingreso", "generalizar", "date", to="mes"),
            make_field("observaciones", "enmascarar"),
            make_field("proveedor_rut", "publicar", allow=["rut_empresa"]),
        ]
    )


def published_text(batches: list[pa.RecordBatch]) -> str:
    """Every published cell joined (for leak checks)."""
    return "\n".join(str(v) for b in batches for col in b.columns for v in col.to_pylist())


def test_actions_and_published_columns(settings: Settings) -> None:
    batch = make_batch(
        {
            "nombre": ["Ana Pérez", "Luis Soto 12.345.678-5"],
            "rut": ["12.345.678-5", "123456785"],
            "correo": ["ana@muni.cl", None],
            "remuneracion_bruta": ["1200000", "987654321"],
            "fecha_ingreso": ["2024-03-15", "2023-12-01"],
            "observaciones": ["Contacto ana@muni.cl fono +56 9 8765 4321", "Sin observaciones"],
            "proveedor_rut": ["76.086.428-5", "12.345.678-5"],
            "extra:Dirección": ["Calle Los Aromos 12", "Av. Matta 45"],
        }
    )
    protector = Protector(staff_kind(), settings)
    [out] = list(protector.protect([batch]))
    assert out.schema.names == [
        "nombre",
        "rut",
        "remuneracion_bruta",
        "fecha_ingreso",
        "observaciones",
        "proveedor_rut",
    ]
    assert all(field.type == pa.string() for field in out.schema)
    data = out.to_pydict()
    assert data["nombre"] == ["Ana Pérez", "[RUT eliminado]"]
    assert data["rut"][0] == data["rut"][1]  # same person, two written forms
    assert len(data["rut"][0]) == 24
    assert data["remuneracion_bruta"] == ["1200000", "987654321"]
    assert data["fecha_ingreso"] == ["2024-03", "2023-12"]
    assert data["observaciones"] == [
        "Contacto [correo eliminado] fono [teléfono eliminado]",
        "Sin observaciones",
    ]
    assert data["proveedor_rut"] == ["76.086.428-5", "[RUT eliminado]"]
    report = protector.report
    assert report.unmapped_columns == ["Dirección"]
    assert report.fields["extra:Dirección"].detections == {"address": 2}
    assert report.fields["nombre"].cells_redacted == 1
    assert report.fields["rut"].pseudonymised == 2
    assert report.fields["fecha_ingreso"].generalized == 2
    assert report.rows_in == 2 and report.rows_out == 2
    assert [f.rule for f in report.findings()] == ["pii:rut", "pii:rut"]
    assert report.fields["nombre"].examples["rut"].masked == "12.***.***-*"
    assert report.fields["nombre"].examples["rut"].row == 3


def test_canaries_never_leak_to_output_or_report(settings: Settings) -> None:
    kind = staff_kind()
    names = [*kind.field_names, "extra:Columna sin mapear"]
    rows = []
    for canary in CANARIES:
        rows.append(dict.fromkeys(names, canary))
        rows.append(dict.fromkeys(names, f"Texto libre con {canary} dentro, y más texto"))
    # A bare number in a numeric field is an amount (1 in 11 amounts would pass the check digit):
    # the plain digit form is planted everywhere else.
    for row in rows:
        if row["remuneracion_bruta"].isdigit():
            row["remuneracion_bruta"] = "1200000"
    columns = {name: [row[name] for row in rows] for name in names}
    protector = Protector(kind, settings)
    output = list(protector.protect([make_batch(columns)]))
    text = published_text(output)
    report = json.dumps(protector.report.to_dict(), ensure_ascii=False)
    findings = json.dumps([f.to_dict() for f in protector.report.findings()], ensure_ascii=False)
    for canary in CANARIES:
        for where in (text, report, findings):
            assert canary not in where
            assert canary.lower() not in where.lower()
    assert protector.report.unmapped_columns == ["Columna sin mapear"]


def test_seudonimizar_without_key_blocks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    protector = Protector(staff_kind(), Settings(project_dir=tmp_path, _env_file=None))
    assert protector.report.blocked
    assert "DATAMUNI_PSEUDONYM_KEY" in (protector.report.reason or "")
    with pytest.raises(ProtectionError):
        protector.protect([])
    assert protector.report.to_dict()["blocked"] is True


def test_unknown_action_blocks(settings: Settings) -> None:
    protector = Protector(make_kind([make_field("nombre", "publicarr")]), settings)
    assert protector.report.blocked
    assert "publicarr" in (protector.report.reason or "")


def test_missing_field_is_null_and_reported(settings: Settings) -> None:
    kind = make_kind([make_field("nombre"), make_field("cargo")])
    protector = Protector(kind, settings)
    [out] = list(protector.protect([make_batch({"nombre": ["Ana"]})]))
    assert out.to_pydict() == {"nombre": ["Ana"], "cargo": [None]}
    assert protector.report.missing_fields == ["cargo"]


def test_pseudonyms_stable_across_runs_and_depend_on_key(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kind = make_kind([make_field("rut", "seudonimizar")])
    batch = make_batch({"rut": ["12.345.678-5", "12345678-5", "123456785", " 12.345.678-5 ", None]})
    first = next(iter(Protector(kind, settings).protect([batch]))).column(0).to_pylist()
    second = next(iter(Protector(kind, settings).protect([batch]))).column(0).to_pylist()
    assert first == second
    assert len(set(first[:4])) == 1 and first[4] is None
    other = Settings(project_dir=tmp_path, pseudonym_key=SecretStr("otra-clave"), _env_file=None)
    rotated = next(iter(Protector(kind, other).protect([batch]))).column(0).to_pylist()
    assert rotated[0] != first[0]


def test_rut_canaries_are_valid() -> None:
    from stdnum.cl import rut as stdnum_rut

    ruts = [c for c in CANARIES if c[0].isdigit() and "@" not in c and " " not in c]
    assert len(ruts) == 7
    assert all(stdnum_rut.is_valid(c) for c in ruts)


def test_clean_columns_are_published_as_they_came(settings: Settings) -> None:
    # a column the detectors find clean is handed on as the same Arrow buffers (no copy back
    # from polars); a column with a finding is the redacted text
    batch = make_batch(
        {
            "nombre": ["Ana Pérez", None, "Luis Soto"],
            "rut": ["12.345.678-5", "123456785", None],
            "correo": ["ana@muni.cl", None, None],
            "remuneracion_bruta": ["1200000", "987654321", None],
            "fecha_ingreso": ["2024-03-15", "2023-12-01", None],
            "observaciones": ["Contacto ana@muni.cl", "Sin observaciones", None],
            "proveedor_rut": ["76.086.428-5", None, "76.086.428-5"],
        }
    )
    protector = Protector(staff_kind(), settings)
    [out] = list(protector.protect([batch]))
    for name in ("nombre", "remuneracion_bruta", "proveedor_rut"):
        assert out.column(name).to_pylist() == batch.column(name).to_pylist()
        assert out.column(name).buffers()[2].address == batch.column(name).buffers()[2].address
    observaciones = out.column("observaciones")
    assert observaciones.to_pylist()[1:] == ["Sin observaciones", None]
    assert "ana@muni.cl" not in str(observaciones.to_pylist()[0])
    assert observaciones.buffers()[2].address != batch.column("observaciones").buffers()[2].address
    assert out.column("fecha_ingreso").to_pylist() == ["2024-03", "2023-12", None]


def test_dropped_columns_are_counted_but_never_read(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an `eliminar` column no rule reads is not even converted for the detectors; a dropped
    # column a generalization reads (its `field`) still is
    from datamuni.protection import protector as module

    kind = make_kind(
        [
            make_field("nombre", "publicar"),
            make_field("correo", "eliminar"),
            make_field("comuna", "eliminar"),
            make_field("fecha_ingreso", "generalizar", "date", to="mes", field="comuna"),
        ]
    )
    converted: list[list[str]] = []
    real = module.batch_to_frame

    def watching(batch: pa.RecordBatch):  # type: ignore[no-untyped-def]
        converted.append(batch.schema.names)
        return real(batch)

    monkeypatch.setattr(module, "batch_to_frame", watching)
    batch = make_batch(
        {
            "nombre": ["Ana", "Luis"],
            "correo": ["ana@muni.cl", None],
            "comuna": ["Valparaíso", "Viña del Mar"],
            "fecha_ingreso": ["2024-03-15", "2023-12-01"],
        }
    )
    protector = Protector(kind, settings)
    [out] = list(protector.protect([batch]))
    assert out.schema.names == ["nombre", "fecha_ingreso"]
    assert "correo" not in converted[0] and "comuna" in converted[0]
    assert protector.report.fields["correo"].cells == 2
    assert list(protector.report.fields) == ["nombre", "correo", "comuna", "fecha_ingreso"]
