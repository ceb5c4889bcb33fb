"""`datamuni avance [--region 05]`: the MGTM 2.0 progress of municipalities, in the terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.errors import ProgressError, PublishError
from datamuni.progress import (
    STAGES,
    NationalView,
    ProgressStore,
    export_progress_csv,
    national_view,
    render_chart,
)
from datamuni.progress.deadlines import local_day
from datamuni.progress.render import SHORT_LABELS, coverage_sentence, percent
from datamuni.progress.stages import stage_label
from datamuni.publishing.progress_dataset import publish_view


def _parse_day(text: str | None) -> date | None:
    """A cut-off date from `AAAA-MM-DD`, or None for today."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ProgressError(
            f"Fecha `{text}` no válida.", "Use el formato AAAA-MM-DD, por ejemplo `2025-09-20`."
        ) from None


def _regions_table(view: NationalView) -> Table:
    """One row per region, one column per stage."""
    table = Table(title="Municipalidades por etapa y región")
    table.add_column("Región")
    table.add_column("Munic.", justify="right")
    for definition in STAGES:
        table.add_column(SHORT_LABELS[definition.stage], justify="right")
    table.add_column("Atrasadas", justify="right")
    for region in view.regions:
        counts = [str(region.stage_counts[item.stage]) for item in STAGES]
        name = f"{region.region_code} {region.region_name}"
        table.add_row(name, str(region.municipalities), *counts, str(region.overdue))
    totals = [str(view.stage_counts[item.stage]) for item in STAGES]
    table.add_row("Total", str(view.total), *totals, str(len(view.overdue)), style="bold")
    return table


def _municipalities_table(view: NationalView) -> Table:
    """One row per municipality of the region."""
    table = Table(title=f"Municipalidades de la región {view.region_code}")
    for header in (
        "CUT",
        "Comuna",
        "Etapa actual",
        "Último periodo",
        "Atrasados",
        "Última ejecución",
    ):
        table.add_column(header)
    for row in view.rows:
        state, run = row.state, row.state.last_run
        table.add_row(
            row.municipality.cut,
            row.municipality.name,
            stage_label(state.current_stage),
            state.last_published_period or "—",
            ", ".join(state.overdue_kinds) if state.is_overdue else "—",
            f"{local_day(run.at).isoformat()} {run.kind} {run.period}: {run.outcome.value}"
            if run
            else "—",
        )
    return table


def _stages_table(view: NationalView) -> Table:
    """How many municipalities reached each stage."""
    table = Table(title="Etapas de la herramienta de datos abiertos")
    table.add_column("Etapa")
    table.add_column("Municipalidades", justify="right")
    table.add_column("%", justify="right")
    for definition in STAGES:
        count = view.stage_counts[definition.stage]
        table.add_row(definition.label, str(count), percent(count, view.total))
    return table


@app.command("avance")
@spanish_errors
def avance(
    region: Annotated[
        str | None, typer.Option("--region", help="Código de región de 2 dígitos, ej. `05`.")
    ] = None,
    fecha: Annotated[
        str | None, typer.Option("--fecha", help="Fecha de corte AAAA-MM-DD (por defecto, hoy).")
    ] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Además, exportar el avance a este CSV.")
    ] = None,
    chart_path: Annotated[
        Path | None, typer.Option("--grafico", help="Además, dibujar el gráfico en este PNG.")
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publicar",
            help="Además, publicar el avance nacional en CKAN como conjunto abierto "
            "(token de `DATAMUNI_CKAN_TOKEN` o del stack local).",
        ),
    ] = False,
) -> None:
    """Muestra el avance de las municipalidades en la herramienta de datos abiertos (MGTM 2.0)."""
    settings = build_settings()
    if publish and region is not None:
        raise PublishError(
            "`--publicar` publica el avance nacional; no se combina con `--region`.",
            "Quite `--region` para publicar, o consulte la región sin `--publicar`.",
        )
    with ProgressStore(settings.progress_url()) as store:
        view = national_view(store, _parse_day(fecha), region=region)
    console.print(
        f"Fecha de corte: {view.today.isoformat()} · periodo exigible {view.expected_period} "
        f"(plazo {view.due_date.isoformat()})",
        highlight=False,
    )
    console.print(_stages_table(view))
    console.print(_municipalities_table(view) if region else _regions_table(view))
    console.print(f"[bold]Cobertura:[/] {coverage_sentence(view)}", highlight=False)
    if view.overdue:
        names = ", ".join(
            f"{row.municipality.name} ({row.municipality.cut})" for row in view.overdue
        )
        console.print(f"[yellow]Atrasadas ({len(view.overdue)}):[/] {names}", highlight=False)
    if view.unknown_cuts:
        console.print(
            "[yellow]Eventos con códigos que no son municipalidades:[/] "
            + ", ".join(view.unknown_cuts),
            highlight=False,
        )
    if csv_path is not None:
        console.print(f"CSV: {export_progress_csv(view, csv_path)}", highlight=False)
    if chart_path is not None:
        console.print(f"Gráfico: {render_chart(view, chart_path)}", highlight=False)
    if publish:
        result = publish_view(settings, settings.ckan_api_token(), view)
        console.print(
            f"Conjunto de avance en CKAN: {result.dataset_url} ({result.action}; "
            f"{result.writes} escrituras)",
            highlight=False,
        )
