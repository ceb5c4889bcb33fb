"""`datamuni stack levantar | estado | detener`: the local real stack."""

from __future__ import annotations

import time

import typer

from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.cli.spanish_help import SpanishTyper
from datamuni.stack import ensure_stack, stack_status, stop_stack

stack_app = SpanishTyper(
    help="Stack local real: PostgreSQL, Redis, Solr, CKAN y Prefect en 127.0.0.1.",
    no_args_is_help=True,
)
app.add_typer(stack_app, name="stack")


@stack_app.command("levantar")
@spanish_errors
def levantar() -> None:
    """Instala lo que falte y levanta cada servicio detenido (idempotente)."""
    settings = build_settings()
    started = time.monotonic()
    info = ensure_stack(settings, report=lambda step: console.print(f"[cyan]→[/] {step}"))
    console.print(f"[green]Stack arriba[/] en {time.monotonic() - started:.1f} s")
    console.print(
        f"  CKAN:    {info.ckan_url}  (token de sysadmin en `{info.token_file}`)", soft_wrap=True
    )
    console.print(
        f"  Prefect: {info.prefect_api_url.removesuffix('/api')}  (API {info.prefect_api_url})"
    )
    console.print(f"  Solr:    {info.solr_url}")


@stack_app.command("estado")
@spanish_errors
def estado() -> None:
    """Una línea por servicio (arriba/abajo, versión, URL); sale con error si alguno está abajo."""
    statuses = stack_status(build_settings())
    for status in statuses:
        mark = "[green]arriba[/]" if status.up else "[red]abajo[/] "
        detail = f"  ({status.detail})" if status.detail else ""
        version = status.version or "-"
        console.print(
            f"{status.name:<15} {mark}  {version:<10} {status.url}{detail}",
            highlight=False,
            soft_wrap=True,
        )
    if not all(status.up for status in statuses):
        raise typer.Exit(code=2)


@stack_app.command("detener")
@spanish_errors
def detener() -> None:
    """Detiene los servicios que levantó `datamuni stack levantar`."""
    stopped = stop_stack(build_settings())
    if stopped:
        console.print(f"Detenidos: {', '.join(stopped)}")
    else:
        console.print("No había servicios levantados por datamuni.")
