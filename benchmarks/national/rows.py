"""Rows of the nine dataset kinds for one synthetic municipality (canonical field names, UTF-8).

Deterministic: the values depend only on the CUT, the kind and the period. Every row is valid
against `schemas/<kind>.yaml` and its suite; people are fictitious (RUTs with a valid check digit).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from stdnum.cl.rut import calc_check_digit

from datamuni.territory import Comuna

Row = dict[str, str]
FIRST = ["Ana", "Juan", "María José", "Pedro", "Camila", "Luis", "Francisca", "Jorge"]
LAST = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva"]


def rut(rng: random.Random, low: int = 6_000_000, high: int = 24_000_000) -> str:
    """A RUT with dots, dash and a valid check digit."""
    body = rng.randrange(low, high)
    return f"{body:,}".replace(",", ".") + "-" + calc_check_digit(str(body))


def _day(rng: random.Random, year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{rng.randrange(1, 29):02d}"


def _base(comuna: Comuna, year: int, month: int) -> Row:
    return {
        "codigo_comuna": comuna.code,
        "organismo_nombre": f"Municipalidad de {comuna.name}",
        "organismo_codigo": f"MU{comuna.code}",
        "anio": str(year),
        "mes": str(month),
    }


def _staff(rng: random.Random, comuna: Comuna, year: int, month: int) -> Row:
    gross = rng.randrange(600_000, 3_500_000, 1000)
    first, paternal, maternal = rng.choice(FIRST), rng.choice(LAST), rng.choice(LAST)
    return {
        **_base(comuna, year, month),
        "nombres": first,
        "apellido_paterno": paternal,
        "apellido_materno": maternal,
        "rut": rut(rng),
        "grado_eus": str(rng.randrange(5, 20)),
        "region": comuna.region_name,
        "unidad_monetaria": "Pesos",
        "fecha_ingreso": f"20{rng.randrange(10, 25):02d}-{rng.randrange(1, 13):02d}-01",
        "fecha_termino": f"{year}-12-31",
        "_bruto": str(gross),
        "_liquido": str(round(gross * rng.uniform(0.7, 0.85))),
    }


def remuneraciones(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One staff-pay row."""
    row = _staff(rng, comuna, year, month)
    row["tipo_contrato"] = rng.choice(["Planta", "Contrata", "Código del Trabajo"])
    row["estamento"] = rng.choice(["Profesional", "Técnico", "Administrativo", "Auxiliar"])
    row["cargo"] = "Funcionario municipal"
    row["remuneracion_bruta"], row["remuneracion_liquida"] = row.pop("_bruto"), row.pop("_liquido")
    return row


def honorarios(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One fee-based contract row."""
    row = _staff(rng, comuna, year, month)
    row["descripcion_funcion"] = "Apoyo profesional a programas comunitarios"
    row["honorario_bruto"], row["honorario_liquido"] = row.pop("_bruto"), row.pop("_liquido")
    row["num_cuotas"] = str(rng.randrange(1, 12))
    return row


def compras(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One purchase row."""
    return {
        **_base(comuna, year, month),
        "tipo_compra": rng.choice(["Licitación pública", "Trato directo", "Convenio marco"]),
        "id_compra": f"{comuna.code}-{index + 100}-SE{year % 100}",
        "fecha_compra": _day(rng, year, month),
        "objeto_compra": rng.choice(["Materiales de oficina", "Combustible", "Áreas verdes"]),
        "razon_social": rng.choice(["Comercial Andes SpA", "Servicios Costa Ltda."]),
        "rut_proveedor": rut(rng, 76_000_000, 77_000_000),
        "unidad_monetaria": "Pesos",
        "monto_total": str(rng.randrange(100_000, 9_000_000)),
    }


def transferencias(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One transfer row (to an organization: no natural person named)."""
    return {
        **_base(comuna, year, month),
        "fecha_transferencia": _day(rng, year, month),
        "denominacion": "Subvención municipal",
        "unidad_monetaria": "Pesos",
        "monto": str(rng.randrange(50_000, 5_000_000)),
        "imputacion_presupuestaria": "24.01.004",
        "objeto_transferencia": "Apoyo a actividades culturales",
        "razon_social": "Junta de Vecinos " + rng.choice(LAST),
        "rut_receptor": rut(rng, 65_000_000, 66_000_000),
    }


def beneficiarios(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One beneficiary row (published only aggregated)."""
    return {
        **_base(comuna, year, month),
        "nombre_programa": "Ayudas técnicas",
        "tipo_beneficio": "Audífono",
        "sexo": rng.choice(["F", "M"]),
        "fecha_otorgamiento": _day(rng, year, month),
        "nombres": rng.choice(FIRST),
        "apellido_paterno": rng.choice(LAST),
        "rut": rut(rng),
        "monto": str(rng.randrange(50_000, 400_000, 1000)),
    }


def subsidios(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One programme-level subsidy row."""
    return {
        **_base(comuna, year, month),
        "tipo_subsidio": "Ayuda social",
        "nombre_programa": f"Programa {index + 1}",
        "unidad_monetaria": "Pesos",
        "monto_global": str(rng.randrange(1_000_000, 50_000_000)),
        "numero_beneficiarios": str(rng.randrange(5, 300)),
    }


def presupuesto(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One budget-execution row."""
    initial = rng.randrange(500_000, 9_000_000) * 1000
    accrued = round(initial * rng.uniform(0.5, 0.9))
    return {
        **_base(comuna, year, month),
        "area": "Municipal",
        "tipo_movimiento": rng.choice(["ingresos", "gastos"]),
        "codigo_cuenta": f"215.{index + 21:02d}",
        "denominacion": "Cuenta presupuestaria",
        "presupuesto_inicial": str(initial),
        "presupuesto_vigente": str(initial),
        "devengado": str(accrued),
        "percibido_pagado": str(round(accrued * 0.9)),
    }


def patentes(rng: random.Random, comuna: Comuna, year: int, month: int, index: int) -> Row:
    """One municipal-licence income row (a year per row, as SINIM's export)."""
    return {
        "codigo_comuna": comuna.code,
        "nombre_municipio": comuna.name,
        "anio": str(year - index),  # one row per year: the key is (codigo_comuna, anio)
        "mes": str(month),
        "indicador": rng.choice(["Patentes comerciales", "Patentes industriales"]),
        "ingresos_miles": str(rng.randrange(1_000, 900_000)),
    }


def permisos_edificacion(
    rng: random.Random, comuna: Comuna, year: int, month: int, index: int
) -> Row:
    """One building-permit row (owner withheld, owner's RUT pseudonymised)."""
    return {
        "codigo_comuna": comuna.code,
        "anio": str(year),
        "mes": str(month),
        "numero_permiso": f"{index + 1:03d}/{year}",
        "fecha_permiso": _day(rng, year, month),
        "tipo_permiso": rng.choice(["Obra nueva", "Ampliación"]),
        "destino": rng.choice(["Vivienda", "Comercio"]),
        "superficie_m2": str(rng.randrange(40, 900)),
        "numero_viviendas": str(rng.randrange(0, 4)),
        "derechos_municipales": str(rng.randrange(90_000, 4_000_000)),
        "direccion_obra": f"Avenida Principal {rng.randrange(100, 2000)}",
        "propietario": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "rut_propietario": rut(rng),
    }


KINDS: dict[str, Callable[[random.Random, Comuna, int, int, int], Row]] = {
    "beneficiarios": beneficiarios,
    "compras": compras,
    "honorarios": honorarios,
    "patentes": patentes,
    "permisos_edificacion": permisos_edificacion,
    "presupuesto": presupuesto,
    "remuneraciones": remuneraciones,
    "subsidios": subsidios,
    "transferencias": transferencias,
}
"""The nine dataset kinds of the catalogue and their row generators (row index last)."""
