"""Markdown (Prefect artifact) and CSV (open dataset) renderings of the national view."""

from __future__ import annotations

import csv
from pathlib import Path

from datamuni.progress.deadlines import local_day
from datamuni.progress.national import NationalView
from datamuni.progress.stages import STAGES, Stage, stage_label

SHORT_LABELS: dict[Stage, str] = {
    Stage.ADHESION: "Adhesión",
    Stage.CONTRAPARTE: "Contraparte",
    Stage.INVENTARIO: "Inventario",
    Stage.VALIDADO: "Validado",
    Stage.PROTEGIDO: "Protegido",
    Stage.PUBLICADO: "Publicado",
    Stage.AL_DIA: "Al día",
}
"""Column headers for tables with one column per stage."""

CSV_COLUMNS = [
    "fecha_corte",
    "cut",
    "comuna",
    "codigo_region",
    "region",
    "etapa_actual",
    *[definition.stage.value for definition in STAGES],
    "tipos_de_conjunto",
    "ultimo_periodo_publicado",
    "tipos_atrasados",
    "ultima_ejecucion_fecha",
    "ultima_ejecucion_resultado",
]
"""Columns of the public progress dataset (no personal data: codes, stages, counts, dates)."""


def percent(part: int, whole: int) -> str:
    """A Spanish percentage with one decimal (`3,5 %`)."""
    value = 100 * part / whole if whole else 0.0
    return f"{value:.1f} %".replace(".", ",")


def coverage_sentence(view: NationalView) -> str:
    """One Spanish sentence on coverage against the 20% target."""
    return (
        f"{view.covered} de {view.total} municipalidades con al menos un conjunto publicado "
        f"({percent(view.covered, view.total)}); meta 20 % = {view.target} municipalidades "
        f"({percent(view.covered, view.target)} de la meta)."
    )


def render_markdown(view: NationalView) -> str:
    """The national view as Markdown, for a Prefect markdown artifact."""
    scope = f"región {view.region_code}" if view.region_code else "nacional"
    lines = [
        f"# Avance {scope} de datos abiertos municipales (MGTM 2.0)",
        "",
        f"Fecha de corte: {view.today.isoformat()} · Periodo exigible: {view.expected_period} "
        f"(plazo: {view.due_date.isoformat()})",
        "",
        f"**Cobertura:** {coverage_sentence(view)}",
        "",
        "## Etapas",
        "",
        "| Etapa | Municipalidades | % |",
        "|---|---:|---:|",
    ]
    for definition in STAGES:
        count = view.stage_counts[definition.stage]
        lines.append(f"| {definition.label} | {count} | {percent(count, view.total)} |")
    header = " | ".join(SHORT_LABELS[definition.stage] for definition in STAGES)
    lines += ["", "## Por región", "", f"| Región | Municipalidades | {header} | Atrasadas |"]
    lines.append("|---|---:|" + "---:|" * len(STAGES) + "---:|")
    for region in view.regions:
        counts = " | ".join(str(region.stage_counts[item.stage]) for item in STAGES)
        name = f"{region.region_code} {region.region_name}"
        lines.append(f"| {name} | {region.municipalities} | {counts} | {region.overdue} |")
    lines += ["", f"## Municipalidades atrasadas ({len(view.overdue)})", ""]
    if view.overdue:
        lines += ["| CUT | Comuna | Región | Tipos atrasados | Último periodo publicado |"]
        lines += ["|---|---|---|---|---|"]
        for row in view.overdue:
            place = row.municipality
            kinds = ", ".join(row.state.overdue_kinds)
            last = row.state.last_published_period or "—"
            lines.append(f"| {place.cut} | {place.name} | {place.region_code} | {kinds} | {last} |")
    else:
        lines.append("Ninguna.")
    return "\n".join(lines) + "\n"


def export_progress_csv(view: NationalView, path: Path) -> Path:
    """Write the view as a CSV (UTF-8, one row per municipality) to publish as open data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in view.rows:
            state, place = row.state, row.municipality
            last_run = state.last_run
            writer.writerow(
                [
                    view.today.isoformat(),
                    place.cut,
                    place.name,
                    place.region_code,
                    place.region_name,
                    stage_label(state.current_stage),
                    *["si" if item.stage in state.stages else "no" for item in STAGES],
                    len(state.kinds),
                    state.last_published_period or "",
                    ";".join(state.overdue_kinds) if state.is_overdue else "",
                    local_day(last_run.at).isoformat() if last_run else "",
                    last_run.outcome.value if last_run else "",
                ]
            )
    return path
