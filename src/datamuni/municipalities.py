"""Municipality configuration: one `municipios/<cut>.yaml` per municipality, validated at load."""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic import model_validator as _model_validator

from datamuni import territory
from datamuni.errors import ConfigurationError
from datamuni.settings import Settings

CUT_PATTERN = re.compile(r"^\d{5}$")
PERIOD_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
PERIOD_RULES = ("mes_anterior", "mes_actual", "anio_anterior")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
BLOCK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
FIX_HINT = "Corrija el archivo y vuelva a intentar."
FREE_MAIL = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.es", "live.com")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TokenRef(_Strict):
    """Where the CKAN token lives: a Prefect Secret block or an env variable, never inline."""

    secreto_prefect: str | None = None
    variable_entorno: str | None = None

    @_model_validator(mode="after")
    def _exactly_one(self) -> TokenRef:
        if (self.secreto_prefect is None) == (self.variable_entorno is None):
            raise ValueError("indique exactamente uno: `secreto_prefect` o `variable_entorno`")
        if self.variable_entorno is not None and not ENV_NAME.match(self.variable_entorno):
            raise ValueError(
                "`variable_entorno` debe ser el NOMBRE de una variable (p. ej. "
                "DATAMUNI_TOKEN_05101), nunca el token"
            )
        if self.secreto_prefect is not None and not BLOCK_NAME.match(self.secreto_prefect):
            raise ValueError(
                "`secreto_prefect` debe ser el NOMBRE de un bloque Secret de Prefect "
                "(minúsculas, números y guiones), nunca el token"
            )
        return self


class Counterpart(_Strict):
    """The technical counterpart (public by law: name, role, institutional e-mail)."""

    nombre: str = Field(min_length=3)
    cargo: str = Field(min_length=3)
    correo: str

    @field_validator("correo")
    @classmethod
    def _institutional(cls, value: str) -> str:
        if not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", value, re.IGNORECASE):
            raise ValueError(f"`{value}` no es un correo electrónico")
        if value.lower().rsplit("@", 1)[1] in FREE_MAIL:
            raise ValueError("use el correo institucional de la municipalidad, no uno personal")
        return value


class SqlQuery(_Strict):
    """A SQL source: the NAME of the env variable holding the connection URL, and a query."""

    conexion: str
    consulta: str = Field(min_length=8)

    @field_validator("conexion")
    @classmethod
    def _env_name(cls, value: str) -> str:
        if not ENV_NAME.match(value):
            raise ValueError("`conexion` es el NOMBRE de la variable con la URL, nunca la URL")
        return value

    def location(self) -> str:
        """The `sql:<url>|<query>` location the sources read (URL from the env variable)."""
        url = os.environ.get(self.conexion, "").strip()
        if not url:
            raise ConfigurationError(
                f"La variable de entorno `{self.conexion}` (conexión SQL) no está definida.",
                f"Defínala con la URL SQLAlchemy de la base, p. ej. `export {self.conexion}=...`.",
            )
        return f"sql:{url}|{self.consulta}"


class SourceConfig(_Strict):
    """One source of a dataset kind: exactly one of path, URL, glob or SQL, plus the period rule."""

    ruta: str | None = None
    url: str | None = None
    patron: str | None = None
    sql: SqlQuery | None = None
    periodo: str = "mes_anterior"

    @_model_validator(mode="after")
    def _one_location(self) -> SourceConfig:
        given = [name for name in ("ruta", "url", "patron", "sql") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("indique exactamente una ubicación: `ruta`, `url`, `patron` o `sql`")
        if self.url is not None and not self.url.startswith(("https://", "http://")):
            raise ValueError(f"`{self.url}` no es una URL http(s)")
        return self

    @field_validator("periodo")
    @classmethod
    def _period_rule(cls, value: str) -> str:
        if value not in PERIOD_RULES and not PERIOD_PATTERN.match(value):
            raise ValueError(
                f"periodo `{value}` desconocido: use {', '.join(PERIOD_RULES)} "
                "o un periodo fijo AAAA-MM / AAAA"
            )
        return value

    @property
    def kind(self) -> Literal["ruta", "url", "patron", "sql"]:
        """Which location the source uses."""
        for name in ("ruta", "url", "patron"):
            if getattr(self, name):
                return name  # type: ignore[return-value]
        return "sql"


class MunicipalityConfig(_Strict):
    """One municipality's configuration file (`municipios/<cut>.yaml`)."""

    cut: str
    comuna: str | None = None
    organizacion_ckan: str
    token: TokenRef
    contraparte: Counterpart
    fuentes: dict[str, SourceConfig] = Field(default_factory=dict)

    @field_validator("cut", mode="before")
    @classmethod
    def _cut_text(cls, value: Any) -> Any:
        if isinstance(value, int):
            raise ValueError('escriba el CUT entre comillas, como texto de 5 dígitos: "05101"')
        if not isinstance(value, str) or not CUT_PATTERN.match(value):
            raise ValueError(f'`{value}` no es un CUT de 5 dígitos (p. ej. "05101")')
        return value


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
