"""Run-time resolution of a configuration: the period a rule means, the source, the CKAN token."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import SecretStr

from datamuni.errors import ConfigurationError
from datamuni.municipalities.config import MunicipalityConfig, SqlQuery
from datamuni.municipalities.loading import config_path, municipality_folder
from datamuni.settings import Settings


def resolve_period(rule: str, today: date | None = None) -> str:
    """The period a rule means today (`mes_anterior` → `2024-05`); fixed periods pass through."""
    today = today or date.today()
    if rule == "mes_anterior":
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{year:04d}-{month:02d}"
    if rule == "mes_actual":
        return f"{today.year:04d}-{today.month:02d}"
    if rule == "anio_anterior":
        return f"{today.year - 1:04d}"
    return rule


def resolve_source(
    settings: Settings, config: MunicipalityConfig, kind: str, period: str
) -> Path | str | SqlQuery:
    """Where the source of `kind` is for `period`: a file, a URL or a SQL query.

    `{periodo}` in a path, glob, URL or query is replaced by the period.
    """
    source = config.fuentes.get(kind)
    if source is None:
        raise ConfigurationError(
            f"El municipio `{config.cut}` no tiene fuente para `{kind}`.",
            f"Agréguela en `fuentes.{kind}` de {config_path(settings, config.cut)}.",
        )
    folder = municipality_folder(settings, config.cut)
    if source.url is not None:
        return source.url.replace("{periodo}", period)
    if source.sql is not None:
        return source.sql.model_copy(
            update={"consulta": source.sql.consulta.replace("{periodo}", period)}
        )
    if source.ruta is not None:
        return _kept_inside(folder, folder / source.ruta.replace("{periodo}", period), kind)
    pattern = str(source.patron).replace("{periodo}", period)
    matches = sorted(path for path in folder.glob(pattern) if path.is_file())
    if len(matches) != 1:
        found = ", ".join(f"`{m.name}`" for m in matches) or "ninguno"
        raise ConfigurationError(
            f"El patrón `{pattern}` de `{kind}` ({config.cut}) debe encontrar un archivo: {found}.",
            f"Deje exactamente un archivo del periodo {period} en {folder}.",
        )
    return _kept_inside(folder, matches[0], kind)


def _kept_inside(folder: Path, path: Path, kind: str) -> Path:
    """`path` if it (symlinks resolved now, at run time) stays in the municipality's folder."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ConfigurationError(
            f"La fuente `{path.name}` de `{kind}` sale de la carpeta del municipio `{folder}` "
            "(un enlace simbólico apunta fuera de ella).",
            "Copie el archivo dentro de la carpeta del municipio en vez de enlazarlo.",
        )
    return path


def resolve_token(config: MunicipalityConfig, settings: Settings) -> SecretStr:
    """The municipality's CKAN token, read from its environment variable or Prefect Secret block."""
    ref = config.token
    if ref.variable_entorno is not None:
        value = os.environ.get(ref.variable_entorno, "").strip()
        if not value:
            raise ConfigurationError(
                f"La variable de entorno `{ref.variable_entorno}` (token CKAN de {config.cut}) "
                "no está definida.",
                f"Defínala antes de publicar, p. ej. `export {ref.variable_entorno}=...`.",
            )
        return SecretStr(value)
    from prefect.blocks.system import Secret

    try:
        secret: Secret[str] = Secret.load(str(ref.secreto_prefect), _sync=True)  # type: ignore
    except (ValueError, RuntimeError) as error:
        raise ConfigurationError(
            f"No se pudo leer el bloque Secret de Prefect `{ref.secreto_prefect}` "
            f"(token CKAN de {config.cut}): {error}",
            f"Créelo en la interfaz de Prefect (Blocks → Secret) con el nombre "
            f"`{ref.secreto_prefect}`, apuntando al servidor {settings.prefect_api_url}.",
        ) from None
    return SecretStr(str(secret.get()))
