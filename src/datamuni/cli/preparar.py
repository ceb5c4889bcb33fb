"""`datamuni preparar-municipio CUT`: organization, editor user and token (sysadmin only)."""

from __future__ import annotations

from typing import Annotated

import typer

from datamuni.catalog import catalog_from_settings
from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import ConfigurationError
from datamuni.publishing.bootstrap import prepare_municipality


@app.command("preparar-municipio")
@spanish_errors
def preparar_municipio(
    cut: Annotated[str, typer.Argument(help="Código CUT de la comuna (5 dígitos) o su nombre.")],
) -> None:
    """Crea en CKAN la organización del municipio, su editor y un token (requiere sysadmin)."""
    settings = build_settings()
    token = settings.ckan_api_token()
    if token is None:
        raise ConfigurationError(
            "No hay token de administrador de CKAN.",
            "Levante el stack (`datamuni stack levantar`) o defina `DATAMUNI_CKAN_TOKEN` con un "
            "token sysadmin.",
        )
    comuna = resolve_comuna(cut)
    groups = sorted(
        {
            kind.catalog.group
            for kind in catalog_from_settings(settings).values()
            if kind.catalog.group
        }
    )
    done = prepare_municipality(settings, token, comuna, groups)
    console.print(
        f"Organización `{done.organization}` y usuario editor `{done.user}` listos en "
        f"{settings.ckan_url}."
    )
    console.print(f"Grupos: {', '.join(done.groups) or 'ninguno'}.")
    console.print(
        f"Token nuevo guardado en `{done.token_file}` (solo lectura del dueño). Cárguelo en la "
        f"variable de entorno o el secreto de Prefect que indica `municipios/{comuna.code}.yaml`."
    )
    if done.revoked:
        console.print(
            "Se revocó 1 token anterior del editor: ya no permite publicar; cargue el nuevo "
            "donde se usaba."
            if done.revoked == 1
            else f"Se revocaron {done.revoked} tokens anteriores del editor: ya no permiten "
            "publicar; cargue el nuevo donde se usaban."
        )
    else:
        console.print("No había tokens anteriores del editor que revocar.")
