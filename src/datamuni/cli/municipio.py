"""`datamuni iniciar-municipio CUT`: scaffold a municipality's configuration file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from datamuni import territory
from datamuni.cli.app import app, build_settings, console, spanish_errors
from datamuni.comuna_lookup import resolve_comuna
from datamuni.errors import ConfigurationError
from datamuni.municipalities import config_path, known_kinds, municipality_folder, parse_config
from datamuni.settings import Settings

TEMPLATE = """\
# Configuración de datos abiertos de la {nombre} (CUT {cut}).
# La contraparte técnica es pública por ley (Ley 20.285): use el correo institucional.
cut: "{cut}"
comuna: {comuna}
organizacion_ckan: {organizacion}
# Referencia al token de CKAN: el NOMBRE de una variable de entorno o de un bloque Secret
# de Prefect. Nunca escriba el token aquí.
token:
  variable_entorno: DATAMUNI_TOKEN_{cut}
  # secreto_prefect: ckan-token-{cut}
contraparte:
  nombre: "{contraparte}"
  cargo: "{cargo}"
  correo: "{correo}"
# Fuentes por tipo de conjunto. Rutas relativas a la carpeta {carpeta}/
# `{{periodo}}` se reemplaza por el periodo (AAAA-MM). `periodo`: mes_anterior, mes_actual,
# anio_anterior o un periodo fijo (2024-05).
fuentes: {{}}
#  remuneraciones:
#    ruta: remuneraciones-{{periodo}}.csv
#    periodo: mes_anterior
#  compras:
#    patron: compras/*{{periodo}}*.xlsx
#  transferencias:
#    url: https://transparencia.example.cl/transferencias-{{periodo}}.csv
"""


def scaffold_municipality(
    settings: Settings,
    cut: str,
    *,
    contraparte: str = "",
    cargo: str = "",
    correo: str = "",
    overwrite: bool = False,
) -> Path:
    """Write `municipios/<cut>.yaml` and the municipality's data folder; return the file."""
    comuna = resolve_comuna(cut)
    if comuna.code == territory.ANTARTICA:
        raise ConfigurationError(
            "Antártica (12202) no es una municipalidad.",
            "Use el CUT de Cabo de Hornos, 12201, que la administra.",
        )
    path = config_path(settings, comuna.code)
    if path.exists() and not overwrite:
        raise ConfigurationError(
            f"Ya existe `{path}`.", "Edítelo, o use `--forzar` para reemplazarlo."
        )
    folder = municipality_folder(settings, comuna.code)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        TEMPLATE.format(
            nombre=f"Municipalidad de {comuna.name}",
            cut=comuna.code,
            comuna=comuna.name,
            organizacion=territory.organization_slug(comuna),
            contraparte=contraparte,
            cargo=cargo,
            correo=correo,
            carpeta=_shown(folder, settings.resolve(Path("."))),
        ),
        encoding="utf-8",
    )
    return path


def _shown(folder: Path, root: Path) -> Path:
    """The folder relative to the project when it lives inside it, else absolute."""
    return folder.relative_to(root) if folder.is_relative_to(root) else folder


@app.command("iniciar-municipio")
@spanish_errors
def iniciar_municipio(
    cut: str = typer.Argument(..., help="CUT de la comuna (p. ej. 05101) o su nombre."),
    contraparte: str = typer.Option("", help="Nombre de la contraparte técnica."),
    cargo: str = typer.Option("", help="Cargo de la contraparte técnica."),
    correo: str = typer.Option("", help="Correo institucional de la contraparte técnica."),
    forzar: bool = typer.Option(False, "--forzar", help="Reemplazar un archivo existente."),
) -> None:
    """Crea la configuración de un municipio (municipios/<cut>.yaml) para completarla."""
    settings = build_settings()
    path = scaffold_municipality(
        settings, cut, contraparte=contraparte, cargo=cargo, correo=correo, overwrite=forzar
    )
    console.print(f"Configuración creada: [bold]{path}[/]")
    try:
        parse_config(path, known_kinds(settings), municipality_folder(settings, path.stem))
    except ConfigurationError as error:
        console.print(f"[yellow]Falta completar:[/]\n{escape(error.message)}", highlight=False)
        return
    console.print("[green]La configuración es válida.[/]")
