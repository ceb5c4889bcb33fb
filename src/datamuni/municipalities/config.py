"""Municipality configuration models: the keys of `municipios/<cut>.yaml`, checked by pydantic."""

from __future__ import annotations

import os
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import model_validator as _model_validator

from datamuni.errors import ConfigurationError

CUT_PATTERN = re.compile(r"^\d{5}$")
PERIOD_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
PERIOD_RULES = ("mes_anterior", "mes_actual", "anio_anterior")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
BLOCK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
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
