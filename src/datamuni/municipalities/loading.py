"""Loading `municipios/<cut>.yaml`: parse, check against catalogue and territory, Spanish errors."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from datamuni import territory
from datamuni.errors import ConfigurationError
from datamuni.municipalities.config import (
    Counterpart,
    MunicipalityConfig,
    SourceConfig,
    SqlQuery,
    TokenRef,
)
from datamuni.settings import Settings

FIX_HINT = "Corrija el archivo y vuelva a intentar."


def config_path(settings: Settings, cut: str) -> Path:
    """Path of the configuration file of municipality `cut`."""
    return settings.resolve(settings.municipios_dir) / f"{cut}.yaml"


def municipality_folder(settings: Settings, cut: str) -> Path:
    """The municipality's own folder: relative source paths live under it."""
    return settings.resolve(settings.municipios_dir) / cut


def known_kinds(settings: Settings) -> set[str]:
    """Dataset kinds the catalogue declares (one `schemas/<kind>.yaml` each)."""
    return {path.stem for path in settings.resolve(Path("schemas")).glob("*.yaml")}


def expected_organization(cut: str) -> tuple[str, str]:
    """The comuna name of `cut` and the CKAN organization it must publish under."""
    if cut == territory.ANTARTICA:
        raise ValueError("12202 (Antártica) no es una municipalidad: la administra Cabo de Hornos")
    try:
        comuna = territory.comuna_by_code(cut)
    except ConfigurationError as error:
        raise ValueError(error.message) from None
    return comuna.name, territory.organization_slug(comuna)


def load_config(settings: Settings, cut: str) -> MunicipalityConfig:
    """Load and validate `municipios/<cut>.yaml` (ConfigurationError names file and key)."""
    path = config_path(settings, cut)
    if not path.is_file():
        raise ConfigurationError(
            f"No existe la configuración `{path}` del municipio `{cut}`.",
            f"Créela con `datamuni iniciar-municipio {cut}`.",
        )
    config = parse_config(path, known_kinds(settings), municipality_folder(settings, cut))
    if config.cut != cut:
        raise ConfigurationError(
            f"[archivo `{path}`, clave `cut`] dice `{config.cut}` pero el archivo es de `{cut}`.",
            "El nombre del archivo debe ser el CUT del municipio.",
        )
    return config


def load_all(settings: Settings) -> list[MunicipalityConfig]:
    """Every municipality configuration in the folder, validated, sorted by CUT."""
    folder = settings.resolve(settings.municipios_dir)
    return [load_config(settings, path.stem) for path in sorted(folder.glob("[0-9]*.yaml"))]


def parse_config(path: Path, kinds: set[str], folder: Path) -> MunicipalityConfig:
    """Parse one configuration file and check it against the catalogue and territory."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigurationError(f"[archivo `{path}`] YAML inválido: {error}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"[archivo `{path}`] debe contener un mapa de claves.")
    try:
        config = MunicipalityConfig.model_validate(data)
    except ValidationError as error:
        raise _spanish(path, error) from None
    _fail = _failer(path)
    try:
        _, organization = expected_organization(config.cut)
    except ValueError as error:
        raise _fail("cut", str(error)) from None
    if config.organizacion_ckan != organization:
        raise _fail(
            "organizacion_ckan",
            f"`{config.organizacion_ckan}` no corresponde al municipio; debe ser `{organization}`",
        )
    for kind, source in config.fuentes.items():
        if kind not in kinds:
            near = difflib.get_close_matches(kind, sorted(kinds), n=1)
            hint = (
                f" ¿Quiso decir `{near[0]}`?" if near else f" Conocidos: {', '.join(sorted(kinds))}"
            )
            raise _fail(f"fuentes.{kind}", f"tipo de conjunto `{kind}` desconocido.{hint}")
        local = source.ruta or source.patron
        if local is not None and not _inside(folder, local):
            raise _fail(
                f"fuentes.{kind}.{source.kind}",
                f"`{local}` sale de la carpeta del municipio `{folder}`; use rutas relativas",
            )
    return config


def _inside(folder: Path, relative: str) -> bool:
    """Whether a relative path (or glob) stays inside `folder`."""
    candidate = Path(relative)
    if candidate.is_absolute():
        return False
    resolved = (folder / candidate).resolve()
    return resolved.is_relative_to(folder.resolve())


def _failer(path: Path) -> Any:
    def fail(key: str, message: str) -> ConfigurationError:
        return ConfigurationError(
            f"[archivo `{path}`, clave `{key}`] {message}",
            "Corrija el archivo y vuelva a intentar.",
        )

    return fail


def _all_keys() -> list[str]:
    """Every key a configuration file may use (for typo suggestions)."""
    models: list[type[BaseModel]] = [
        MunicipalityConfig,
        TokenRef,
        Counterpart,
        SourceConfig,
        SqlQuery,
    ]
    return sorted({name for model in models for name in model.model_fields})


def _spanish(path: Path, error: ValidationError) -> ConfigurationError:
    """Translate pydantic's first errors into one Spanish message naming file and keys."""
    lines = []
    for item in error.errors()[:5]:
        key = ".".join(str(part) for part in item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            near = difflib.get_close_matches(str(item["loc"][-1]), _all_keys(), n=1)
            text = "clave desconocida" + (f"; ¿quiso decir `{near[0]}`?" if near else "")
        elif kind == "missing":
            text = "falta esta clave"
        elif kind == "string_too_short":
            text = "está vacía o es demasiado corta; complétela"
        elif kind == "value_error":
            text = str(item["msg"]).removeprefix("Value error, ")
        elif kind in ("string_type", "dict_type", "model_type"):
            text = (
                "tipo de valor incorrecto (" + ("texto" if kind == "string_type" else "mapa") + ")"
            )
        else:
            text = f"valor inválido ({item['msg']})"
        lines.append(f"[archivo `{path}`, clave `{key or '(raíz)'}`] {text}")
    return ConfigurationError("\n".join(lines), FIX_HINT)
