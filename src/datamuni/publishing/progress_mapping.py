"""Pure mapping: the national MGTM 2.0 progress CSV → its own CKAN dataset. No network."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from datamuni.progress.render import CSV_COLUMNS
from datamuni.progress.stages import STAGES, TARGET_SHARE, Stage
from datamuni.publishing import mapping
from datamuni.publishing.plan import Plan, dataset_update, resource_step

DATASET_NAME = "avance-mgtm-datos-abiertos"
DATASET_TITLE = "Avance municipal en la herramienta de Publicación de Datos Abiertos (MGTM 2.0)"
ORGANIZATION_NAME = "consejo-para-la-transparencia"
ORGANIZATION_TITLE = "Consejo para la Transparencia"
ROLE_CHART = "grafico"
TAGS = ("avance", "cplt", "datos-abiertos", "mgtm", "municipalidades", "transparencia")
FIXED_FIELDS: dict[str, tuple[str, str]] = {
    "fecha_corte": ("date", "Fecha de corte del avance (AAAA-MM-DD, hora de Chile)."),
    "cut": ("string", "Código Único Territorial de la comuna (5 dígitos)."),
    "comuna": ("string", "Nombre de la comuna."),
    "codigo_region": ("string", "Código de la región (2 dígitos del CUT)."),
    "region": ("string", "Nombre de la región."),
    "etapa_actual": ("string", "Etapa más avanzada alcanzada (`Sin etapa` si no hay registros)."),
    "tipos_de_conjunto": ("integer", "Tipos de conjunto declarados o con alguna ejecución."),
    "ultimo_periodo_publicado": ("string", "Periodo más reciente publicado (AAAA-MM o AAAA)."),
    "tipos_atrasados": ("string", "Tipos de conjunto sin la versión exigible, separados por `;`."),
    "ultima_ejecucion_fecha": ("date", "Fecha de la última ejecución de publicación."),
    "ultima_ejecucion_resultado": (
        "string",
        "Resultado de la última ejecución: publicado, en cuarentena, bloqueado o fallido.",
    ),
}


@dataclass(frozen=True)
class ProgressSummary:
    """Counts read back from the progress CSV, for the dataset's description."""

    total: int
    published: int
    up_to_date: int

    @property
    def target(self) -> int:
        """Municipalities needed for the 20% target (69 of 345), rounded up."""
        return -(-self.total * round(TARGET_SHARE * 100) // 100)


def summarize_progress_csv(text: str) -> ProgressSummary:
    """Municipalities, those with a published dataset and those up to date, from the CSV."""
    rows = list(csv.DictReader(io.StringIO(text)))
    published = sum(1 for row in rows if row.get(Stage.PUBLICADO.value) == "si")
    up_to_date = sum(1 for row in rows if row.get(Stage.AL_DIA.value) == "si")
    return ProgressSummary(len(rows), published, up_to_date)


def field_descriptions() -> dict[str, tuple[str, str]]:
    """Type and Spanish description of every column of the progress CSV, in CSV order."""
    stages = {
        item.stage.value: ("string", f"`si` si alcanzó la etapa {item.label}: {item.meaning}")
        for item in STAGES
    }
    known = {**FIXED_FIELDS, **stages}
    return {column: known[column] for column in CSV_COLUMNS}


def dictionary_csv() -> bytes:
    """The data dictionary (campo, tipo, descripcion) as UTF-8 CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["campo", "tipo", "descripcion"])
    for column, (kind, description) in field_descriptions().items():
        writer.writerow([column, kind, description])
    return buffer.getvalue().encode("utf-8")


def organization_dict() -> dict[str, Any]:
    """`organization_create` data of the Consejo para la Transparencia."""
    return {
        "name": ORGANIZATION_NAME,
        "title": ORGANIZATION_TITLE,
        "description": "Consejo para la Transparencia (CPLT): acompaña a las municipalidades en "
        "el Modelo de Gestión de Transparencia Municipal 2.0 y publica su avance.",
    }


def notes(today: date, summary: ProgressSummary) -> str:
    """Spanish description: what the data is, the cut-off, coverage and the seven stages."""
    stages = "\n".join(f"{item.order}. **{item.label}**: {item.meaning}" for item in STAGES)
    return (
        "Avance de las municipalidades de Chile en la herramienta *Publicación de Datos "
        "Abiertos* del Modelo de Gestión de Transparencia Municipal 2.0 (MGTM 2.0). Una fila por "
        "municipalidad: etapas alcanzadas, tipos de conjunto, último periodo publicado, tipos "
        "atrasados y última ejecución. No contiene datos personales.\n\n"
        f"Fecha de corte: {today.isoformat()}. {summary.published} de {summary.total} "
        "municipalidades tienen al menos un conjunto publicado y "
        f"{summary.up_to_date} están al día; la meta del 20 % son {summary.target}.\n\n"
        "**Etapas** (cada una se cuenta por separado; la etapa actual es la más avanzada):\n\n"
        f"{stages}\n\n"
        "Las etapas 1 a 3 las declara la municipalidad; las 4 a 7 se deducen de sus ejecuciones "
        "de publicación. La versión mensual de un mes se debe publicar dentro de los primeros 10 "
        "días hábiles del mes siguiente (hora de Chile, sin feriados nacionales); si falta, la "
        "municipalidad figura como atrasada. Detalle en `docs/etapas-mgtm.md` de datamuni; el "
        "recurso *Diccionario de datos* describe cada columna."
    )


def dataset_fields(
    licence_id: str,
    today: date,
    summary: ProgressSummary,
    kept_extras: dict[str, str] | None = None,
    name: str = DATASET_NAME,
) -> dict[str, Any]:
    """Dataset-level CKAN fields of the progress dataset (Spanish metadata)."""
    extras = dict(kept_extras or {})
    extras.update(
        {
            "frecuencia": mapping.FREQUENCIES["mensual"],
            "fecha_corte": today.isoformat(),
            "cobertura_temporal": today.isoformat(),
            "cobertura_espacial": f"Chile: {summary.total} municipalidades",
            "tipo_conjunto": "avance-mgtm",
        }
    )
    return {
        "name": name,
        "title": DATASET_TITLE,
        "notes": notes(today, summary),
        "owner_org": ORGANIZATION_NAME,
        "license_id": mapping.CKAN_LICENCES.get(licence_id, licence_id),
        "author": ORGANIZATION_TITLE,
        "maintainer": ORGANIZATION_TITLE,
        "private": False,
        "state": "active",
        "tags": [{"name": tag} for tag in TAGS],
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items()) if v != ""],
    }


def resource_fields(role: str, sha256: str, today: date) -> dict[str, Any]:
    """CKAN fields of the CSV, the chart or the dictionary (the hash decides if it changed)."""
    cut_off = today.isoformat()
    if role == mapping.ROLE_DATA:
        name, kind, mimetype = "Avance por municipalidad", "CSV", "text/csv"
        description = (
            f"Una fila por municipalidad, fecha de corte {cut_off}. CSV UTF-8 separado por comas; "
            "etapas con `si`/`no`."
        )
    elif role == ROLE_CHART:
        name, kind, mimetype = "Gráfico del avance", "PNG", "image/png"
        description = (
            f"Municipalidades por etapa frente a la meta del 20 % y por región, al {cut_off}."
        )
    else:
        name, kind, mimetype = "Diccionario de datos", "CSV", "text/csv"
        description = "Columnas del CSV de avance: nombre, tipo y descripción."
    fields = {
        "name": name,
        "description": description,
        "format": kind,
        "mimetype": mimetype,
        "hash": f"sha256:{sha256}",
        mapping.ROLE: role,
    }
    if role != mapping.ROLE_DICTIONARY:
        fields["fecha_corte"] = cut_off
    return fields


def plan_progress(
    current: dict[str, Any] | None,
    files: dict[str, tuple[Path, str]],
    licence_id: str,
    today: date,
    summary: ProgressSummary,
    name: str = DATASET_NAME,
) -> Plan:
    """What to create or update: `files` maps each role to its (path, sha256); one per role."""
    kept = {e["key"]: e["value"] for e in (current or {}).get("extras", [])}
    desired = dataset_fields(licence_id, today, summary, kept, name)
    dataset_action, update = dataset_update(current, desired)
    resources = (current or {}).get("resources", [])
    steps = []
    for role, (path, sha256) in files.items():
        found = next((r for r in resources if r.get(mapping.ROLE) == role), None)
        steps.append(resource_step(found, role, resource_fields(role, sha256, today), path))
    return Plan(name, dataset_action, update, tuple(steps))
