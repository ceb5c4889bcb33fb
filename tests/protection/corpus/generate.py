"""Regenerate `celdas.csv`: labelled municipal text cells (seeded, so the file is reproducible).

Run `python -m tests.protection.corpus.generate`. Labels come from construction: each template
states which detector kinds its cell holds. Negatives imitate what municipal files really hold
(amounts, dates, CUT codes, grades, decrees, company RUTs labelled as such, wrong check digits).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from stdnum.cl import rut as stdnum_rut

HERE = Path(__file__).parent
TARGET = HERE / "celdas.csv"
FIRST = [
    "Juan",
    "María",
    "Pedro",
    "Camila",
    "José",
    "Francisca",
    "Luis",
    "Valentina",
    "Jorge",
    "Daniela",
]
LAST = [
    "González",
    "Muñoz",
    "Rojas",
    "Díaz",
    "Pérez",
    "Soto",
    "Contreras",
    "Silva",
    "Martínez",
    "Sepúlveda",
]
STREETS = [
    "Los Aromos",
    "Libertad",
    "O'Higgins",
    "Manuel Rodríguez",
    "Las Rosas",
    "El Roble",
    "Prat",
]
DOMAINS = ["gmail.com", "hotmail.com", "yahoo.es", "municipalidad.cl", "outlook.com", "vtr.net"]


def valid_rut(rng: random.Random, company: bool = False) -> tuple[int, str]:
    """A body and its correct check digit."""
    body = rng.randint(50_000_000, 99_999_999) if company else rng.randint(1_000_000, 26_000_000)
    return body, stdnum_rut.calc_check_digit(str(body))


def write_rut(rng: random.Random, body: int, digit: str) -> str:
    """One of the written forms."""
    dotted = f"{body:,}".replace(",", ".")
    form = rng.choice(
        [f"{dotted}-{digit}", f"{body}-{digit}", f"{body}{digit}", f"{dotted}-{digit.lower()}"]
    )
    return form


def phone(rng: random.Random) -> str:
    """A Chilean mobile or fixed line in a common written form."""
    mobile = f"9{rng.randint(10_000_000, 99_999_999)}"
    area = rng.choice(["2", "32", "41", "45", "55", "71"])
    rest = str(rng.randint(10_000_000, 99_999_999))[: 9 - len(area)]
    forms = [
        f"+56 9 {mobile[1:5]} {mobile[5:]}",
        f"+56{mobile}",
        f"{mobile[0]} {mobile[1:5]} {mobile[5:]}",
        mobile,
        f"({area}) {rest[:-4]} {rest[-4:]}",
        f"+56 {area} {rest[:-4]} {rest[-4:]}",
    ]
    return rng.choice(forms)


def positive(rng: random.Random) -> tuple[str, str]:
    """A cell with personal data and its labels."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    body, digit = valid_rut(rng)
    run = write_rut(rng, body, digit)
    user = name.split()[0].lower().replace("í", "i").replace("é", "e")
    mail = f"{user}.{rng.randint(1, 99)}@{rng.choice(DOMAINS)}"
    tel = phone(rng)
    street = rng.choice(["Calle", "Avenida", "Av.", "Pasaje", "Pje.", "Villa", "Población"])
    address = f"{street} {rng.choice(STREETS)} {rng.randint(1, 9999)}"
    sensitive = rng.choice(
        [
            "diagnosticado con depresión", "beneficiaria embarazada", "persona con discapacidad",
            "tratamiento por VIH", "licencia médica por enfermedad", "pertenece a etnia aymara",
            "afiliación sindical", "orientación sexual", "tramo 40% del Registro Social de Hogares",
        ]
    )  # fmt: skip
    options = [
        (run, "rut"),
        (f"Pago a {name}, RUT {run}", "rut"),
        (f"RUN: {run}", "rut"),
        (f"Honorarios {name} ({run}) según decreto", "rut"),
        (mail, "email"),
        (f"Contacto: {mail}", "email"),
        (tel, "phone"),
        (f"Fono {tel}", "phone"),
        (f"Llamar al {tel} en horario de oficina", "phone"),
        (f"{address}, Maipú", "address"),
        (f"Domicilio en {address}", "address"),
        (f"Paciente {sensitive}", "sensitive"),
        (f"Beneficio otorgado: {sensitive}", "sensitive"),
        (f"{name}, RUT {run}, correo {mail}", "email|rut"),
        (f"Dirección {address}, fono {tel}", "address|phone"),
        (f"Se paga a {run} por atención de {sensitive}", "rut|sensitive"),
    ]
    return rng.choice(options)


def negative(rng: random.Random) -> tuple[str, str]:
    """A cell without personal data (labels only for company RUTs)."""
    body, digit = valid_rut(rng)
    wrong = next(d for d in "0123456789K" if d != digit and d != rng.choice("0123456789K"))
    amount = rng.randint(100_000, 99_999_999)
    dotted = f"{amount:,}".replace(",", ".")
    cbody, cdigit = valid_rut(rng, company=True)
    options = [
        (dotted, ""),
        (f"$ {dotted}", ""),
        (f"{dotted},5", ""),
        (f"{body:,}-{wrong}".replace(",", "."), ""),
        (f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", ""),
        (f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2026)}", ""),
        (f"{rng.randint(1, 16):02d}{rng.randint(1, 6)}{rng.randint(1, 20):02d}", ""),
        (f"Grado {rng.randint(1, 20)} EUS", ""),
        (f"Decreto Alcaldicio N° {rng.randint(1, 9999)}/{rng.randint(2015, 2026)}", ""),
        (f"Ley {rng.choice(['20.285', '19.628', '21.719', '18.695', '19.862'])}", ""),
        ("Departamento de Salud Municipal", ""),
        ("Dirección de Desarrollo Comunitario", ""),
        (f"Compra de {rng.randint(2, 500)} sillas para escuelas", ""),
        (f"Horas extra: $78.660 : {rng.randint(1, 40)}", ""),
        ("Programa Vínculos Adulto Mayor", ""),
        (f"Población objetivo {rng.randint(10, 5000)} personas", ""),
        ("Profesional Universitario", ""),
        (
            f"Orden de compra {rng.randint(1000, 9999)}-{rng.randint(1, 999)}"
            f"-SE{rng.randint(20, 26)}",
            "",
        ),
        (f"Constructora Sur SpA, RUT {write_rut(rng, cbody, cdigit)}", "rut_empresa"),
        (write_rut(rng, cbody, cdigit), "rut_empresa"),
        (f"Monto {amount}", ""),
        (f"Folio {rng.randint(10_000, 9_999_999)}", ""),
        ("Reparación de veredas sector norte", ""),
        ("Compra de pasajes aéreos Santiago-Arica", ""),
        (f"{rng.randint(1, 12)} cuotas de {dotted}", ""),
    ]
    return rng.choice(options)


def main() -> None:
    """Write 2,400 labelled cells (60% without personal data, as in real files)."""
    rng = random.Random(20260101)
    cells = [positive(rng) if rng.random() < 0.4 else negative(rng) for _ in range(2400)]
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["texto", "etiquetas"])
        writer.writerows(cells)


if __name__ == "__main__":
    main()
