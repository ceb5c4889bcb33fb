"""Shipped schemas: all load, all are valid Table Schemas, real headers map to their fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from frictionless import Schema

from datamuni.catalog import PROTECTION_ACTIONS, DatasetKind, load_catalog
from datamuni.kind_headers import match_field as match_header
from datamuni.kind_headers import recognize_kind
from datamuni.validation.differential import table_schema_descriptor

ROOT = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(ROOT / "schemas", ROOT / "validators")
KINDS = sorted(CATALOG)
EXPECTED_KINDS = {
    "remuneraciones", "honorarios", "compras", "transferencias", "subsidios", "beneficiarios",
    "presupuesto", "patentes", "permisos_edificacion",
}  # fmt: skip


def header_row(text: str) -> list[str]:
    """A header line of a `;`-separated CPLT file, as written."""
    return text.split(";")


# Headers typed in from ../shared/DOMAIN.md: the CPLT bulk layouts and the Portal's long headers.
CPLT_STAFF = header_row(
    "idPagina;idPaginaPadre;camino;organismo_nombre;organismo_codigo;fecha_publicacion;anyo;Mes;"
    "Tipo Estamento;Nombres;Paterno;Materno;grado_eus;tipo_calificacionp;Tipo cargo;region;"
    "asignaciones;Tipo Unidad monetaria;remuneracionbruta_mensual;"
    "Tipo Unidad monetaria remuneracion liquida;remuliquida_mensual;"
    "Tipo Unidad monetaria remuneracion adicional;remu_adicional;"
    "Tipo unidad monetaria remuneracion bonos incentivos;remu_bonoin;horasextra;"
    "Tipo de unidad monetaria horas diurnas;Pago extra diurnas;Horas extra diurnas;"
    "Tipo de unidad monetaria horas nocturnas;Pago extra nocturnas;Horas extra nocturnas;"
    "Tipo de unidad monetaria horas festivas;Pago extra festivas;Horas extra festivas;"
    "fecha_ingreso;fecha_termino;observaciones;enlace;Tipo unidad monetaria viaticos;viaticos;"
    "activado"
)
CPLT_HONORARIOS = header_row(
    "organismo_nombre;anyo;Mes;Nombres;Paterno;Materno;descripcion_funcion;tipo_calificacionp;"
    "remuneracionbruta;remuliquida_mensual;tipo_pago;num_cuotas;fecha_ingreso;fecha_termino;"
    "observaciones;enlace"
)
CPLT_TRANSFERENCIAS = [
    "organismo_nombre", "organismo_codigo", "fecha_publicacion_ta", "anyo", "fecha", "Mes",
    "denominacion", "Tipo Unidad monetaria", "monto", "imputacion_presupuestaria",
    "objeto_transferencia", "razon_social", "Nombre persona", "apellido_paterno",
    "apellido_materno", "activado",
]  # fmt: skip
PORTAL_STAFF = {
    "Año": "anio",
    "Mes": "mes",
    "Estamento": "estamento",
    "Nombre completo": "nombre_completo",
    "Cargo o función": "cargo",
    "Grado EUS o jornada": "grado_eus",
    "Calificación profesional o formación": "calificacion_profesional",
    "Región": "region",
    "Asignaciones especiales del mes (inc. en rem. bruta)": "asignaciones",
    "Remuneración bruta del mes (incluye bonos e incentivos, asig. especiales, horas extras)": (
        "remuneracion_bruta"
    ),
    "Remuneración líquida del mes": "remuneracion_liquida",
    "Fecha de inicio dd/mm/aa": "fecha_ingreso",
    "Fecha de término dd/mm/aa": "fecha_termino",
    "Viáticos del mes (no inc. en rem. bruta)": "viaticos",
    "Observaciones": "observaciones",
    # pre-2024 layouts
    "Apellido paterno": "apellido_paterno",
    "Apellido materno": "apellido_materno",
    "Nombres": "nombres",
    "Remuneración bruta mensualizada": "remuneracion_bruta",
}


def test_the_catalogue_has_every_kind() -> None:
    assert set(KINDS) >= EXPECTED_KINDS


@pytest.mark.parametrize("name", KINDS)
def test_schema_is_a_valid_frictionless_table_schema(name: str) -> None:
    descriptor = table_schema_descriptor(CATALOG[name])
    report = Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    schema = Schema.from_descriptor(descriptor)
    assert schema.field_names == list(CATALOG[name].field_names)


@pytest.mark.parametrize("name", KINDS)
def test_common_fields_and_protection(name: str) -> None:
    kind: DatasetKind = CATALOG[name]
    assert kind.version.count(".") == 2
    assert "{comuna}" in kind.catalog.title_pattern
    code = kind.field("codigo_comuna")
    assert code.type == "string" and code.constraints["pattern"] == r"^\d{5}$"
    assert kind.field("anio").type == "integer"
    month = kind.field("mes")
    assert (month.type, month.constraints["minimum"], month.constraints["maximum"]) == (
        "integer", 1, 12,
    )  # fmt: skip
    assert {
        "fields": "codigo_comuna",
        "reference": {"resource": "comunas", "fields": "codigo_comuna"},
    } in kind.foreign_keys
    for spec in kind.fields:
        assert spec.protection.action in PROTECTION_ACTIONS, spec.name
        assert spec.title and spec.description, spec.name
    for placeholder in ("", "No Recepcionado", "No Aplica", "Sin dato oficial"):
        assert placeholder in kind.missing_values


@pytest.mark.parametrize("name", KINDS)
def test_cplt_doctrine(name: str) -> None:
    kind = CATALOG[name]
    for spec in kind.fields:
        if spec.name in (
            "rut",
            "rut_persona",
            "rut_beneficiario",
            "direccion",
            "telefono",
            "email",
        ):
            assert spec.protection.action in ("eliminar", "seudonimizar"), spec.name
        if spec.name in ("observaciones", "descripcion_funcion", "objeto_transferencia"):
            # free text: masked, or dropped altogether (stricter)
            assert spec.protection.action in ("enmascarar", "eliminar"), spec.name


def test_cplt_staff_bulk_layout_is_fully_claimed() -> None:
    kind = CATALOG["remuneraciones"]
    assert len(CPLT_STAFF) == 42
    assert [h for h in CPLT_STAFF if match_header(kind, h) is None] == []
    assert match_header(kind, "remuneracionbruta_mensual").name == "remuneracion_bruta"  # type: ignore[union-attr]
    assert match_header(kind, "Tipo Estamento").name == "estamento"  # type: ignore[union-attr]
    assert match_header(kind, "Pago extra diurnas").extras["hours_field"] == "horas_extra_diurnas"  # type: ignore[union-attr]
    assert recognize_kind(CATALOG, CPLT_STAFF).name  # type: ignore[union-attr] == "remuneraciones"


@pytest.mark.parametrize(("header", "field"), sorted(PORTAL_STAFF.items()))
def test_portal_and_old_staff_headers(header: str, field: str) -> None:
    spec = match_header(CATALOG["remuneraciones"], header)
    assert spec is not None and spec.name == field


def test_honorarios_layout() -> None:
    kind = CATALOG["honorarios"]
    assert [h for h in CPLT_HONORARIOS if match_header(kind, h) is None] == []
    assert recognize_kind(CATALOG, CPLT_HONORARIOS).name  # type: ignore[union-attr] == "honorarios"
    assert kind.field("descripcion_funcion").protection.action == "enmascarar"


def test_transferencias_layout_and_doctrine() -> None:
    kind = CATALOG["transferencias"]
    assert [h for h in CPLT_TRANSFERENCIAS if match_header(kind, h) is None] == []
    assert recognize_kind(CATALOG, CPLT_TRANSFERENCIAS).name  # type: ignore[union-attr] == "transferencias"
    actions = {h: match_header(kind, h).protection.action for h in CPLT_TRANSFERENCIAS}  # type: ignore[union-attr]
    assert actions["Nombre persona"] == "eliminar"
    assert actions["apellido_paterno"] == actions["apellido_materno"] == "eliminar"
    assert actions["objeto_transferencia"] == "enmascarar"
    razon_social = kind.field("razon_social").protection
    assert (razon_social.action, razon_social.params) == ("publicar", {"allow": ["rut_empresa"]})
    assert kind.field("rut_persona").protection.action == "seudonimizar"


def test_company_ruts_are_public_in_purchases() -> None:
    supplier = CATALOG["compras"].field("rut_proveedor").protection
    assert supplier.action == "publicar" and supplier.params["allow"] == ["rut_empresa"]


def test_beneficiary_lists_are_only_published_aggregated() -> None:
    kind = CATALOG["beneficiarios"]
    assert kind.aggregation is not None
    assert kind.aggregation["count_field"] == "n_beneficiarios"
    dimensions = set(kind.aggregation["dimensions"])
    for spec in kind.fields:
        if spec.name in dimensions or spec.name in kind.aggregation["measures"]:
            continue
        assert spec.protection.action in ("eliminar", "generalizar"), spec.name
    for personal in ("nombres", "rut", "direccion", "telefono", "email"):
        assert kind.field(personal).protection.action == "eliminar"


def test_cplt_bulk_subsidy_columns() -> None:
    headers = ["organismo_codigo", "organismo_nombre", "Tipo Unidad monetaria", "monto_global"]
    kind = CATALOG["subsidios"]
    assert all(match_header(kind, h) is not None for h in headers)


SINIM_XML = ROOT.parent / "shared/real/sinim_IADM121_patentes_2022_2024.xml"


@pytest.mark.skipif(not SINIM_XML.is_file(), reason="../shared not available")
def test_sinim_patentes_headers_are_recognised() -> None:
    import re

    text = SINIM_XML.read_text(encoding="utf-8")
    rows = [
        re.findall(r"<Data[^>]*>(.*?)</Data>", row, re.S)
        for row in re.findall(r"<Row.*?</Row>", text, re.S)
    ]
    wide = CATALOG["patentes"].extras["wide_layout"]
    headers = rows[wide["header_row"] - 1]
    assert headers == ["CODIGO", "MUNICIPIO", "2024", "2023", "2022"]
    kind = recognize_kind(CATALOG, headers)
    assert kind is not None and kind.name == "patentes"
    assert match_header(kind, "CODIGO").name == "codigo_comuna"  # type: ignore[union-attr]
    assert match_header(kind, "MUNICIPIO").name == "nombre_municipio"  # type: ignore[union-attr]
    assert rows[wide["indicator_row"] - 1][2].split()[0] in wide["indicator_codes"]
    assert all(re.fullmatch(wide["value_header_pattern"], year) for year in headers[2:])


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (list(PORTAL_STAFF)[:15], "remuneraciones"),
        (["Apellido paterno", "Apellido materno", "Nombres", "Cargo", "Grado",
          "Remuneración bruta mensualizada", "Fecha de inicio", "Fecha de término"],
         "remuneraciones"),
        (["organismo_codigo", "organismo_nombre", "Tipo Unidad monetaria", "monto_global",
          "Nombre del programa", "Número de beneficiarios"], "subsidios"),
        (["Nombre del programa", "RUT", "Nombres", "Paterno", "Materno", "Monto",
          "Fecha de otorgamiento"], "beneficiarios"),
        (["Código cuenta", "Denominación", "Presupuesto inicial", "Presupuesto vigente",
          "Devengado", "Percibido"], "presupuesto"),
        (["N° permiso", "Fecha", "Tipo de obra", "Destino", "Superficie m2", "Dirección",
          "Propietario", "Rol"], "permisos_edificacion"),
        (["Tipo de compra", "Código ID orden de compra", "Fecha", "Razón social del proveedor",
          "RUT del proveedor", "Monto total de la operación", "Enlace"], "compras"),
    ],
)  # fmt: skip
def test_layouts_are_recognised(headers: list[str], expected: str) -> None:
    kind = recognize_kind(CATALOG, headers)
    assert kind is not None and kind.name == expected
