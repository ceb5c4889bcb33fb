"""`datamuni validar ARCHIVO`: validates a file offline and writes the run's reports."""

from __future__ import annotations

from typing import Annotated, cast

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from datamuni.catalog import DatasetKind, catalog_from_settings
from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.errors import ConfigurationError
from datamuni.runs import RunFolder
from datamuni.sources.read import read_source
from datamuni.validation.report import ValidationReport
from datamuni.validation.suite import SuiteEngine
from datamuni.validation.validator import Validator

LARGE_FILE_BYTES = 5 * 1024 * 1024


def _summary(report: ValidationReport, run: RunFolder) -> Table:
    """The Spanish summary table."""
    table = Table(title="Resumen de validación", show_header=True)
    table.add_column("Columna")
    table.add_column("Regla")
    table.add_column("Gravedad")
    table.add_column("Filas", justify="right")
    for count in sorted(report.counts.values(), key=lambda c: -c.total):
        table.add_row(
            count.column or "—", count.rule, count.severity, f"{count.total:,}".replace(",", ".")
        )
    table.caption = (
        f"{report.rows_total} filas · {report.rows_valid} válidas · "
        f"{report.rows_quarantined} en cuarentena · reportes en {run.path}"
    )
    return table


@app.command("validar")
@spanish_errors
def validar(
    archivo: Annotated[str, typer.Argument(help="Archivo (CSV, XLSX, XLS, JSON) o URL a validar.")],
    tipo: Annotated[
        str | None,
        typer.Option(
            "--tipo",
            "-t",
            help="Tipo de datos (`remuneraciones`...); si se omite, se reconoce.",
        ),
    ] = None,
    municipio: Annotated[
        str | None,
        typer.Option("--municipio", "-m", help="Código CUT de la comuna, p. ej. `05101`."),
    ] = None,
    periodo: Annotated[
        str | None, typer.Option("--periodo", "-p", help="Mes que se publica, `aaaa-mm`.")
    ] = None,
    motor: Annotated[
        str, typer.Option("--motor", help="Reglas semánticas: `gx`, `columnar` u `off`.")
    ] = "gx",
) -> None:
    """Valida un archivo sin conexión: errores por fila y columna, cuarentena y reportes."""
    settings = build_settings()
    catalog = catalog_from_settings(settings)
    kind: DatasetKind | None = None
    if tipo is not None:
        if tipo not in catalog:
            raise ConfigurationError(
                f"Tipo `{tipo}` desconocido.", f"Use uno de: {', '.join(sorted(catalog))}."
            )
        kind = catalog[tipo]
    if motor not in ("gx", "columnar", "off"):
        raise ConfigurationError(f"Motor `{motor}` desconocido.", "Use `gx`, `columnar` u `off`.")
    table = read_source(archivo, settings, kind=kind, catalog=catalog, municipality=municipio)
    kind = catalog[table.kind]
    if tipo is None:
        console.print(f"Tipo reconocido por los encabezados: [bold]{kind.name}[/] ({kind.title})")
    run = RunFolder.create(settings, municipio or "00000", kind.name, periodo or "sin-periodo")
    validator = Validator(
        kind,
        settings,
        run,
        period=periodo,
        municipality=municipio,
        suite_engine=cast(SuiteEngine, motor),
    )
    show = (table.size_bytes or 0) >= LARGE_FILE_BYTES
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} filas"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, disable=not show) as progress:
        task = progress.add_task("Validando", total=None)
        for batch in validator.validate(table):
            progress.update(task, completed=validator.report.rows_total)
            del batch
    report = validator.report
    report.write_json(run.file("reporte.json"))
    report.write_html(run.file("reporte.html"))
    console.print(_summary(report, run))
    if report.blocked:
        console.print(f"[bold red]Bloqueado:[/] {report.block_reason}")
    elif report.rows_quarantined:
        console.print(
            f"[yellow]{report.rows_quarantined} filas quedaron en cuarentena[/] "
            f"({run.file('cuarentena.csv')})."
        )
    else:
        console.print("[green]Sin errores: todas las filas son válidas.[/]")
    raise typer.Exit(code=report.exit_code)
