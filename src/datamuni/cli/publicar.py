"""`datamuni publicar`: one file through the whole journey, printing the CKAN URL.

An unchanged re-publication is answered from one CKAN read (`run_incremental`), without reading,
validating or protecting the file again; `--forzar`, `--simular` and `--republicar-retirado`
always take the whole journey.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr
from rich.markup import escape
from rich.table import Table

from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import ConfigurationError
from datamuni.incremental import OUTCOME_UNCHANGED, run_incremental
from datamuni.municipalities import config_path, load_config, resolve_token
from datamuni.run_result import OUTCOME_BLOCKED, RunResult
from datamuni.settings import Settings


@app.command("publicar")
@spanish_errors
def publicar(
    archivo: Annotated[str, typer.Argument(help="Archivo, URL o fuente SQL a publicar.")],
    municipio: Annotated[str, typer.Option("--municipio", "-m", help="CUT o nombre de la comuna.")],
    periodo: Annotated[str, typer.Option("--periodo", "-p", help="Mes publicado, AAAA-MM.")],
    tipo: Annotated[
        str | None, typer.Option("--tipo", "-t", help="Tipo de conjunto (se reconoce si se omite).")
    ] = None,
    simular: Annotated[
        bool, typer.Option("--simular", help="Muestra qué cambiaría en CKAN sin escribir nada.")
    ] = False,
    republicar_retirado: Annotated[
        bool,
        typer.Option(
            "--republicar-retirado",
            help="Vuelve a publicar un conjunto o periodo que fue retirado con `datamuni retirar`.",
        ),
    ] = False,
    forzar: Annotated[
        bool,
        typer.Option(
            "--forzar", help="Ejecuta todo el proceso aunque el archivo no haya cambiado."
        ),
    ] = False,
) -> None:
    """Valida, protege, empaqueta y publica un archivo en CKAN."""
    settings = build_settings()
    token, contact = municipality_credentials(settings, municipio)
    result = run_incremental(
        settings,
        source=archivo if "://" in archivo or archivo.startswith("sql:") else Path(archivo),
        kind=tipo,
        municipality=municipio,
        period=periodo,
        publish=True,
        dry_run=simular,
        token=token,
        contact=contact,
        republish_withdrawn=republicar_retirado,
        force=forzar,
    )
    if result.outcome == OUTCOME_UNCHANGED:
        print_unchanged(result)
    else:
        print_result(result)
    raise typer.Exit(code=result.exit_code)


def municipality_credentials(
    settings: Settings, municipio: str
) -> tuple[SecretStr, dict[str, str] | None]:
    """The municipality's own token and counterpart (from `municipios/<cut>.yaml`).

    Without a configuration file, `DATAMUNI_CKAN_TOKEN` is used; the local stack's sysadmin
    token is never picked silently for an officer's publication.
    """
    comuna = resolve_comuna(municipio)
    if config_path(settings, comuna.code).is_file():
        config = load_config(settings, comuna.code)
        return resolve_token(config, settings), config.contraparte.model_dump()
    if settings.ckan_token is not None:
        return settings.ckan_token, None
    raise ConfigurationError(
        f"No hay token de CKAN para publicar los datos de {comuna.name} ({comuna.code}).",
        f"Cree `municipios/{comuna.code}.yaml` con `datamuni iniciar-municipio {comuna.code}` "
        "(el token se toma de la variable o del bloque Secret que indique) o defina "
        "DATAMUNI_CKAN_TOKEN con el token de editor de la municipalidad.",
    )


def print_result(result: RunResult) -> None:
    """Print a Spanish summary of one run."""
    table = Table(title=f"{result.kind} · {result.municipality} · {result.period}")
    table.add_column("Concepto")
    table.add_column("Valor", justify="right")
    table.add_row("Filas leídas", str(result.rows_total))
    table.add_row("Filas válidas", str(result.rows_valid))
    table.add_row("Filas en cuarentena", str(result.rows_quarantined))
    table.add_row("Filas publicadas", str(result.rows_published))
    table.add_row("Resultado", result.outcome)
    console.print(table)
    console.print(f"Reportes: {result.run_folder}")
    if result.outcome == OUTCOME_BLOCKED:
        for reason in result.block_reasons:
            console.print(f"[red]Bloqueado:[/] {escape(reason)}", highlight=False)
        console.print("Nada se publicó. Corrija el archivo y vuelva a ejecutar.")
        return
    if result.publish is None:
        return
    if result.publish.plan is not None and result.publish.writes == 0:
        for line in result.publish.plan.summary():
            console.print(line, highlight=False)
    console.print(f"CKAN ({result.publish.action}): {result.publish.dataset_url}")
    for warning in result.publish.warnings:
        console.print(f"[yellow]Aviso:[/] {escape(warning)}", highlight=False)


def print_unchanged(result: RunResult) -> None:
    """Print the short Spanish summary of a run answered without running the pipeline."""
    published = result.publish
    reads = published.reads if published is not None else 0
    writes = published.writes if published is not None else 0
    console.print(
        "Sin cambios: CKAN ya tiene este archivo publicado con la misma configuración "
        f"({_count(reads, 'lectura')}, {_count(writes, 'escritura')}).",
        highlight=False,
        soft_wrap=True,
    )
    if published is not None:
        console.print(f"CKAN (sin cambios): {published.dataset_url}", soft_wrap=True)
    if result.rows_quarantined:
        console.print(
            f"[yellow]Aviso:[/] la publicación vigente dejó {result.rows_quarantined} "
            f"{'fila' if result.rows_quarantined == 1 else 'filas'} del archivo en cuarentena: "
            "corrija esas filas y vuelva a publicar (los motivos, fila por fila, salen con "
            "`--forzar`).",
            highlight=False,
            soft_wrap=True,
        )
    # no run folder was made: say how to get fresh reports instead of pointing at none
    console.print(
        "No se generaron reportes nuevos; para repetir todo el proceso use `--forzar`.",
        highlight=False,
    )


def _count(number: int, noun: str) -> str:
    """`1 lectura`, `0 escrituras`: Spanish nouns here take an `s` in the plural."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
