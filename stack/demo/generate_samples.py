"""Write the demo's bundled sample files (fictitious people, real layouts and quirks).

Developer tool: `python stack/demo/generate_samples.py` rewrites `municipios/<cut>/...` and the
municipality YAML files deterministically. The outputs are committed; the demo reads them.
Patentes come from SINIM's real export (../shared/real), cut to one municipality's row.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from stdnum.cl.rut import calc_check_digit

from datamuni.layouts import cplt_staff_headers

ROOT = Path(__file__).resolve().parents[2]
MUNICIPIOS = ROOT / "municipios"
SINIM = ROOT.parent / "shared" / "real" / "sinim_IADM121_patentes_2022_2024.xml"
PERIOD = "2026-10"
FIRST = ["Ana", "Juan", "María José", "Pedro", "Camila", "Luis", "Francisca", "Jorge", "Valentina"]
LAST = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez"]
BULK_HEADER = cplt_staff_headers()


def rut(body: int) -> str:
    """A RUT written with dots and dash."""
    return f"{body:,}".replace(",", ".") + "-" + calc_check_digit(str(body))


def money(value: float, decimal_comma: bool = False) -> str:
    """Chilean thousands dots, optionally the bulk files' decimal comma."""
    if decimal_comma:
        return f"{value:.1f}".replace(".", ",")
    return f"{round(value):,}".replace(",", ".")


def person(rng: random.Random) -> tuple[str, str, str]:
    """A fictitious name."""
    return rng.choice(FIRST), rng.choice(LAST), rng.choice(LAST)


def write_bulk_staff(path: Path, rng: random.Random, rows: int) -> None:
    """CPLT bulk staff file: Latin-1, `;`, decimal comma, quoted cells holding `;`."""
    lines = [";".join(BULK_HEADER)]
    for index in range(rows):
        first, paternal, maternal = person(rng)
        gross = rng.randrange(600_000, 3_500_000, 1000)
        net = gross * rng.uniform(0.7, 0.85)
        note = ""
        if index % 9 == 0:
            note = f'"Reemplazo; contacto {rut(rng.randrange(8_000_000, 22_000_000))}"'
        values = {
            "idPagina": str(1000 + index),
            "idPaginaPadre": "999",
            "camino": "TA/Remuneraciones",
            "organismo_nombre": "Municipalidad de Valparaíso",
            "organismo_codigo": "MU261",
            "fecha_publicacion": "05/11/2026",
            "anyo": "2026",
            "Mes": "Octubre",
            "Tipo Estamento": rng.choice(["Profesional", "Técnico", "Administrativo", "Auxiliar"]),
            "Nombres": first,
            "Paterno": paternal,
            "Materno": maternal,
            "grado_eus": str(rng.randrange(5, 20)),
            "tipo_calificacionp": "Sin título",
            "Tipo cargo": "Contrata",
            "region": "Región de Valparaíso",
            "asignaciones": "No tiene",
            "Tipo Unidad monetaria": "Pesos",
            "remuneracionbruta_mensual": money(gross, True),
            "Tipo Unidad monetaria remuneracion liquida": "Pesos",
            "remuliquida_mensual": money(net, True),
            "horasextra": "No",
            "fecha_ingreso": f"01/{rng.randrange(1, 13):02d}/20{rng.randrange(10, 26):02d}",
            "fecha_termino": "31/12/2026",
            "observaciones": note,
            "enlace": "https://www.portaltransparencia.cl",
            "activado": "1",
        }
        lines.append(";".join(values.get(column, "") for column in BULK_HEADER))
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))


def write_portal_staff(path: Path, rng: random.Random, rows: int, bad: int) -> None:
    """Portal de Transparencia download: UTF-8 with BOM, long headers, `$`, `$78.660 : 12`."""
    header = [
        "Año",
        "Mes",
        "Estamento",
        "Nombre completo",
        "Cargo o función",
        "Grado EUS o jornada",
        "Calificación profesional o formación",
        "Región",
        "Remuneración bruta del mes (incluye bonos e incentivos, asig. especiales, horas extras)",
        "Remuneración líquida del mes",
        "Pago extra diurnas",
        "Fecha de inicio dd/mm/aa",
        "Fecha de término dd/mm/aa",
        "Viáticos del mes (no inc. en rem. bruta)",
        "Observaciones",
    ]
    lines = [";".join(header)]
    for index in range(rows):
        first, paternal, maternal = person(rng)
        gross = rng.randrange(700_000, 4_000_000, 1000)
        net = round(gross * rng.uniform(0.7, 0.85))
        extra = f"$ {money(rng.randrange(20_000, 120_000))} : {rng.randrange(2, 20)}"
        start = f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(5, 25):02d}"
        if index < bad:  # quarantined: net above gross, or a date that doesn't exist
            net, start = (gross + 50_000, start) if index % 2 else (net, "31/02/24")
        row = [
            "2026",
            "Octubre",
            rng.choice(["Profesional", "Técnico", "Administrativo"]),
            f"{paternal.upper()} {maternal.upper()}, {first.upper()}",
            "Profesional de apoyo",
            f"Grado {rng.randrange(5, 20)}",
            "Ingeniero(a)",
            "Metropolitana",
            f"$ {money(gross)}",
            f"$ {money(net)}",
            extra,
            start,
            "Indefinido",
            "No tiene",
            "",
        ]
        lines.append(";".join(row))
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))


STAMP = (2026, 11, 1, 0, 0, 0)
"""Every `.xlsx` part carries this time, not the moment the script ran."""
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def save_stable(book: Workbook, path: Path) -> None:
    """Save a workbook byte-identically on every run.

    openpyxl stamps the save time into `docProps/core.xml` and into every zip entry; both are set
    to `STAMP`, so regenerating the samples leaves the committed files unchanged.
    """
    buffer = io.BytesIO()
    book.save(buffer)
    written = zipfile.ZipFile(buffer)
    stamp = b"%04d-%02d-%02dT%02d:%02d:%02dZ" % STAMP
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as stable:
        for entry in written.infolist():
            data = written.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            stable.writestr(
                zipfile.ZipInfo(entry.filename, date_time=STAMP),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )


def write_purchases_xlsx(path: Path, rng: random.Random, rows: int) -> None:
    """Purchases spreadsheet with title rows above a merged header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Compras"
    sheet["A1"] = "Ilustre Municipalidad de Viña del Mar"
    sheet["A2"] = "Compras y adquisiciones — octubre de 2026"
    sheet.merge_cells("A1:H1")
    header = [
        "Año",
        "Mes",
        "Tipo de compra",
        "Código ID orden de compra",
        "Fecha de la compra",
        "Objeto de la compra",
        "Razón social del proveedor",
        "RUT del proveedor",
        "Monto total de la operación",
    ]
    sheet.append([])
    sheet.append(header)
    suppliers = ["Comercial Andes SpA", "Servicios Costa Ltda.", "Constructora Sur S.A."]
    for index in range(rows):
        sheet.append(
            [
                2026,
                "Octubre",
                rng.choice(["Licitación pública", "Trato directo", "Convenio marco"]),
                f"2411-{index + 100}-SE26",
                f"{rng.randrange(1, 31):02d}/10/2026",
                rng.choice(["Materiales de oficina", "Mantención de áreas verdes", "Combustible"]),
                suppliers[index % 3],
                rut(76_000_000 + index * 7919),
                money(rng.randrange(100_000, 9_000_000)),
            ]
        )
    save_stable(book, path)


def write_transfers_csv(path: Path, rng: random.Random, rows: int) -> None:
    """Transfers: CP1252, `,`, quoted cells; natural persons named (never published as such)."""
    header = (
        "organismo_nombre,anyo,Mes,fecha,denominacion,Tipo Unidad monetaria,monto,"
        "imputacion_presupuestaria,objeto_transferencia,razon_social,Nombre persona,"
        "apellido_paterno,apellido_materno,RUT persona"
    )
    lines = [header]
    for index in range(rows):
        first, paternal, maternal = person(rng)
        company = index % 2 == 0
        lines.append(
            ",".join(
                [
                    "Municipalidad de Providencia",
                    "2026",
                    "Octubre",
                    f"{index % 28 + 1:02d}/10/2026",
                    '"Subvención municipal, Ley 19.862"',
                    "Pesos",
                    money(rng.randrange(50_000, 5_000_000)),
                    "24.01.004",
                    '"Apoyo a actividades culturales, barrio Bellavista"',
                    "Junta de Vecinos Los Leones" if company else "",
                    "" if company else first,
                    "" if company else paternal,
                    "" if company else maternal,
                    "" if company else rut(rng.randrange(9_000_000, 21_000_000)),
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_beneficiaries_json(path: Path, rng: random.Random, rows: int) -> None:
    """Beneficiary list of a sensitive programme, as JSON records (published only aggregated)."""
    records = []
    for _ in range(rows):
        first, paternal, maternal = person(rng)
        records.append(
            {
                "Año": 2026,
                "Mes": "Octubre",
                "Nombre del programa": "Ayudas técnicas discapacidad",
                "Tipo de beneficio": rng.choice(["Silla de ruedas", "Audífono"]),
                "Sexo": rng.choice(["F", "M"]),
                "Fecha de nacimiento": f"{rng.randrange(1940, 2010)}-05-10",
                "Nombres": first,
                "Paterno": paternal,
                "Materno": maternal,
                "RUT": rut(rng.randrange(5_000_000, 24_000_000)),
                "Dirección": f"Pasaje Los Aromos {rng.randrange(10, 999)}",
                "Teléfono": f"+56 9 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
                "Monto": rng.randrange(50_000, 400_000, 1000),
            }
        )
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


def write_patentes(path: Path, code: str) -> None:
    """SINIM's real SpreadsheetML export (named .xls, blank first line) cut to one comuna."""
    text = SINIM.read_text(encoding="utf-8")
    rows = re.findall(r"<Row[^>]*>.*?</Row>", text, flags=re.S)
    data_rows = [row for row in rows if re.search(r"<Data ss:Type=\"Number\">\d{5}</Data>", row)]
    keep = [row for row in data_rows if f">{code}<" in row]
    cut = text
    for row in data_rows:
        if row not in keep:
            cut = cut.replace(row + "\n", "", 1).replace(row, "", 1)
    cut = re.sub(r'ss:ExpandedRowCount="\d+"', "", cut)
    path.write_text(cut, encoding="utf-8")


def write_budget_xlsx(path: Path, rng: random.Random) -> None:
    """Budget execution spreadsheet with a title row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Ejecución presupuestaria municipal — Talcahuano"])
    sheet.append(
        [
            "Año",
            "Mes",
            "Área",
            "Tipo",
            "Código cuenta",
            "Denominación",
            "Presupuesto inicial",
            "Presupuesto vigente",
            "Devengado",
            "Percibido",
        ]
    )
    accounts = [
        ("115.03", "Tributos sobre el uso de bienes"),
        ("115.05", "Transferencias"),
        ("215.21", "Gastos en personal"),
        ("215.22", "Bienes y servicios de consumo"),
    ]
    for code, name in accounts:
        initial = rng.randrange(500_000, 9_000_000) * 1000
        kind = "ingresos" if code.startswith("115") else "gastos"
        sheet.append(
            [
                2026,
                10,
                "Municipal",
                kind,
                code,
                name,
                initial,
                initial,
                round(initial * 0.8),
                round(initial * 0.75),
            ]
        )
    save_stable(book, path)


def write_subsidies_blocked(path: Path, rng: random.Random) -> None:
    """Programme-level subsidies where most rows break the schema: blocked by policy."""
    lines = [
        "Año;Mes;Nombre del programa;Tipo de subsidio o beneficio;Monto global asignado;"
        "Número de beneficiarios"
    ]
    for index in range(10):
        amount = money(rng.randrange(1_000_000, 50_000_000)) if index < 6 else "pendiente"
        lines.append(f"2026;Octubre;Programa {index % 7};Ayuda social;{amount};{index * 3}")
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))


def write_permits_csv(path: Path, rng: random.Random, rows: int) -> None:
    """Building permits: UTF-8, `,`, owner names and RUTs (withheld / pseudonymised)."""
    header = (
        "Año,Mes,Número de permiso,Fecha del permiso,Tipo de permiso,Destino,Superficie m2,"
        "Número de viviendas,Derechos municipales,Dirección de la obra,Propietario,RUT propietario"
    )
    lines = [header]
    for index in range(rows):
        first, paternal, _ = person(rng)
        lines.append(
            ",".join(
                [
                    "2026",
                    "10",
                    f"{index + 1:03d}/2026",
                    f"{rng.randrange(1, 31):02d}/10/2026",
                    rng.choice(["Obra nueva", "Ampliación"]),
                    rng.choice(["Vivienda", "Comercio"]),
                    str(rng.randrange(40, 900)),
                    str(rng.randrange(0, 4)),
                    money(rng.randrange(90_000, 4_000_000)),
                    f"Avenida Alemania {rng.randrange(100, 2000)}",
                    f"{first} {paternal}",
                    rut(rng.randrange(6_000_000, 23_000_000)),
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CONFIGS = {
    "05101": (
        "Valparaíso",
        "transparencia@munivalpo.cl",
        {
            "remuneraciones": "remuneraciones-contrata-{periodo}.csv",
            "honorarios": "honorarios-2024-05.csv",
        },
    ),
    "05109": ("Viña del Mar", "transparencia@munivina.cl", {"compras": "compras-{periodo}.xlsx"}),
    "13101": (
        "Santiago",
        "transparencia@munistgo.cl",
        {"remuneraciones": "remuneraciones-{periodo}.csv"},
    ),
    "13123": (
        "Providencia",
        "transparencia@providencia.cl",
        {
            "transferencias": "transferencias-{periodo}.csv",
            "beneficiarios": "beneficiarios-{periodo}.json",
        },
    ),
    "08101": ("Concepción", "transparencia@concepcion.cl", {"patentes": "sinim_patentes.xls"}),
    "08110": (
        "Talcahuano",
        "transparencia@talcahuano.cl",
        {"presupuesto": "presupuesto-{periodo}.xlsx", "subsidios": "subsidios-{periodo}.csv"},
    ),
    "09101": (
        "Temuco",
        "transparencia@temuco.cl",
        {"permisos_edificacion": "permisos-{periodo}.csv"},
    ),
}
SLUGS = {
    "05101": "valparaiso",
    "05109": "vina-del-mar",
    "13101": "santiago",
    "13123": "providencia",
    "08101": "concepcion",
    "08110": "talcahuano",
    "09101": "temuco",
}


def write_config(cut: str) -> None:
    """A municipality YAML referencing its sources (token by Prefect Secret block name)."""
    name, mail, sources = CONFIGS[cut]
    lines = [
        f"# Municipalidad de {name} (CUT {cut}): configuración de la demostración.",
        "# Datos ficticios de personas; la contraparte técnica es pública por ley (Ley 20.285).",
        f'cut: "{cut}"',
        f"comuna: {name}",
        f"organizacion_ckan: municipalidad-de-{SLUGS[cut]}",
        "token:",
        f"  secreto_prefect: ckan-token-{cut}",
        "contraparte:",
        "  nombre: Encargada de Transparencia",
        "  cargo: Contraparte técnica MGTM",
        f"  correo: {mail}",
        "fuentes:",
    ]
    for kind, file in sources.items():
        period = "2024" if kind == "patentes" else ("2024-05" if "2024-05" in file else PERIOD)
        lines += [f"  {kind}:", f"    ruta: {file}", f'    periodo: "{period}"']
    (MUNICIPIOS / f"{cut}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    """Write every sample file and configuration."""
    rng = random.Random(20261126)
    for cut in CONFIGS:
        (MUNICIPIOS / cut).mkdir(parents=True, exist_ok=True)
        write_config(cut)
    write_bulk_staff(MUNICIPIOS / "05101" / f"remuneraciones-contrata-{PERIOD}.csv", rng, 120)
    write_purchases_xlsx(MUNICIPIOS / "05109" / f"compras-{PERIOD}.xlsx", rng, 40)
    write_portal_staff(MUNICIPIOS / "13101" / f"remuneraciones-{PERIOD}.csv", rng, 90, 4)
    write_transfers_csv(MUNICIPIOS / "13123" / f"transferencias-{PERIOD}.csv", rng, 30)
    write_beneficiaries_json(MUNICIPIOS / "13123" / f"beneficiarios-{PERIOD}.json", rng, 200)
    write_patentes(MUNICIPIOS / "08101" / "sinim_patentes.xls", "08101")
    write_budget_xlsx(MUNICIPIOS / "08110" / f"presupuesto-{PERIOD}.xlsx", rng)
    write_subsidies_blocked(MUNICIPIOS / "08110" / f"subsidios-{PERIOD}.csv", rng)
    write_permits_csv(MUNICIPIOS / "09101" / f"permisos-{PERIOD}.csv", rng, 25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
