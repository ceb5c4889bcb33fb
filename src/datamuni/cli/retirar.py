"""`datamuni retirar CONJUNTO [--periodo P] --motivo "..."`: withdraw published data."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.errors import ConfigurationError
from datamuni.publishing.withdraw import withdraw


@app.command("retirar")
@spanish_errors
def retirar(
    conjunto: Annotated[
        str, typer.Argument(help="Nombre del conjunto en CKAN (p. ej. remuneraciones-valparaiso).")
    ],
    motivo: Annotated[str, typer.Option("--motivo", help="Por qué se retira (queda registrado).")],
    periodo: Annotated[
        str | None,
        typer.Option(
            "--periodo", "-p", help="Retira solo ese período (AAAA-MM); sin él, el conjunto."
        ),
    ] = None,
    quien: Annotated[
        str | None, typer.Option("--quien", help="Quién retira (por defecto, su usuario).")
    ] = None,
) -> None:
    """Retira un período o un conjunto publicado (p. ej. si se descubren datos personales)."""
    settings = build_settings()
    token = settings.ckan_api_token()
    if token is None:
        raise ConfigurationError(
            "No hay token de CKAN para retirar.",
            "Defina `DATAMUNI_CKAN_TOKEN` con el token de la municipalidad o del administrador.",
        )
    result = withdraw(
        settings, token, conjunto, period=periodo, reason=motivo, who=quien or getpass.getuser()
    )
    what = f"el período `{periodo}` de `{conjunto}`" if periodo else f"el conjunto `{conjunto}`"
    console.print(
        f"Retirado {what}. Registro: {result.entry['cuando']}, por {result.entry['quien']}."
    )
    console.print(
        "Las próximas publicaciones no lo volverán a publicar sin `--republicar-retirado`."
    )
