"""The MGTM 2.0 open-data tool stages and the outcomes of a dataset run, as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """A stage of the MGTM 2.0 open-data tool; values are stable identifiers stored in events."""

    ADHESION = "adhesion"
    CONTRAPARTE = "contraparte_designada"
    INVENTARIO = "inventario_de_datos"
    VALIDADO = "primer_conjunto_validado"
    PROTEGIDO = "datos_protegidos"
    PUBLICADO = "primer_conjunto_publicado"
    AL_DIA = "actualizacion_al_dia"


class Outcome(StrEnum):
    """The outcome of one dataset run (municipality x kind x period)."""

    PUBLICADO = "publicado"
    EN_CUARENTENA = "en cuarentena"
    BLOQUEADO = "bloqueado"
    FALLIDO = "fallido"


class Step(StrEnum):
    """The furthest pipeline step a dataset run completed."""

    VALIDADO = "validado"
    PROTEGIDO = "protegido"
    PUBLICADO = "publicado"


@dataclass(frozen=True)
class StageDefinition:
    """One stage: its order, Spanish label, Spanish meaning and how it is reached."""

    stage: Stage
    order: int
    label: str
    meaning: str
    evidence: str


STAGES: tuple[StageDefinition, ...] = (
    StageDefinition(
        Stage.ADHESION,
        1,
        "Adhesión",
        "La municipalidad adhirió al MGTM 2.0 y a su herramienta de datos abiertos.",
        "Evento de etapa `adhesion`.",
    ),
    StageDefinition(
        Stage.CONTRAPARTE,
        2,
        "Contraparte designada",
        "Designó una contraparte técnica (nombre, cargo y correo institucional).",
        "Evento de etapa `contraparte_designada`.",
    ),
    StageDefinition(
        Stage.INVENTARIO,
        3,
        "Inventario de datos",
        "Declaró qué conjuntos de datos publicará y de qué fuentes.",
        "Evento de etapa `inventario_de_datos` (uno por tipo de conjunto declarado).",
    ),
    StageDefinition(
        Stage.VALIDADO,
        4,
        "Primer conjunto validado",
        "Un conjunto pasó la validación de esquema y calidad.",
        "Una ejecución llegó al paso `validado` o más allá.",
    ),
    StageDefinition(
        Stage.PROTEGIDO,
        5,
        "Datos protegidos",
        "Un conjunto pasó la protección de datos personales.",
        "Una ejecución llegó al paso `protegido` o más allá.",
    ),
    StageDefinition(
        Stage.PUBLICADO,
        6,
        "Primer conjunto publicado",
        "Un conjunto quedó publicado en CKAN con licencia abierta.",
        "Una ejecución con resultado `publicado` o `en cuarentena`.",
    ),
    StageDefinition(
        Stage.AL_DIA,
        7,
        "Actualización al día",
        "Cada tipo de conjunto tiene publicada la última versión mensual exigible.",
        "Ningún tipo de conjunto atrasado respecto del plazo de 10 días hábiles.",
    ),
)

DEFINITIONS: dict[Stage, StageDefinition] = {item.stage: item for item in STAGES}

DECLARED_STAGES: frozenset[Stage] = frozenset({Stage.ADHESION, Stage.CONTRAPARTE, Stage.INVENTARIO})
"""Stages recorded by a stage event; the others are deduced from dataset runs."""

PUBLISHED_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.PUBLICADO, Outcome.EN_CUARENTENA})
"""Outcomes after which the dataset is public (quarantined rows are left out, the rest is out)."""

STEP_STAGES: dict[Step, tuple[Stage, ...]] = {
    Step.VALIDADO: (Stage.VALIDADO,),
    Step.PROTEGIDO: (Stage.VALIDADO, Stage.PROTEGIDO),
    Step.PUBLICADO: (Stage.VALIDADO, Stage.PROTEGIDO, Stage.PUBLICADO),
}
"""Stages a dataset run proves, by the furthest step it completed."""

TARGET_SHARE = 0.20
"""MGTM 2.0 target: share of municipalities adopting the open-data tool."""
MUNICIPALITY_COUNT = 345
"""Municipalities in Chile (Cabo de Hornos also administers Antártica)."""
TARGET_MUNICIPALITIES = 69
"""20% of 345, the CPLT target."""


def stage_label(stage: Stage | None) -> str:
    """Spanish label of a stage (`Sin etapa` for None)."""
    return DEFINITIONS[stage].label if stage is not None else "Sin etapa"
