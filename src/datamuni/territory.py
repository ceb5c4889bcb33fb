"""Comunas reference (CUT 2018) and a resolver from a code, a name or an external code."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from datamuni.errors import ConfigurationError

ANTARTICA = "12202"
"""Comuna without a municipality of its own: administered by Cabo de Hornos (`12201`)."""
MAPPING_SYSTEMS = ("cplt", "sinim", "nombre")
"""Kinds of external identifiers the mapping table holds (see `data/FUENTES.md`)."""
_PREFIX = re.compile(r"^(?:ilustre |i )?(?:municipalidad|municipio|comuna)(?: de)? ")


@dataclass(frozen=True)
class Comuna:
    """One comuna of the CUT list, with its province and region."""

    code: str
    name: str
    province_code: str
    province_name: str
    region_code: str
    region_name: str
    region_abbreviation: str = ""


@dataclass(frozen=True)
class CodeMappings:
    """External identifiers → CUT code: `codes[(system, CODE)]` and `names[name_key]`."""

    codes: dict[tuple[str, str], str] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)

    def add(self, system: str, code: str, cut: str, origin: str) -> None:
        """Record one correspondence, checking the system and the CUT code."""
        system = system.strip().lower()
        if system not in MAPPING_SYSTEMS:
            raise ConfigurationError(
                f"Tabla de códigos `{origin}`: sistema `{system}` desconocido.",
                f"Use uno de: {', '.join(MAPPING_SYSTEMS)}.",
            )
        cut = _comuna_by_code(cut.strip().zfill(5), origin).code
        if system == "nombre":
            self.names.setdefault(name_key(code), set()).add(cut)
        else:
            self.codes[(system, code.strip().upper())] = cut


def _ascii_words(text: str) -> str:
    """Lower-case ASCII words separated by one space (accents and punctuation dropped)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['’`´]", "", plain.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def name_key(text: str) -> str:
    """Matching key of a name: no accents, case, punctuation, spaces or `Municipalidad de`."""
    return _PREFIX.sub("", _ascii_words(text) + " ").replace(" ", "")


def slug(comuna: Comuna) -> str:
    """ASCII slug of the comuna's name (`Viña del Mar` → `vina-del-mar`)."""
    return _ascii_words(comuna.name).replace(" ", "-")


def organization_slug(comuna: Comuna) -> str:
    """CKAN organization name of the municipality (`municipalidad-de-vina-del-mar`)."""
    return f"municipalidad-de-{slug(comuna)}"


@cache
def all_comunas() -> tuple[Comuna, ...]:
    """The 346 comunas of the CUT list shipped as package data, in code order."""
    text = resources.files("datamuni").joinpath("data/comunas_cut_2018_v04.csv").read_text("utf-8")
    return tuple(
        Comuna(
            code=row["codigo_comuna"],
            name=row["nombre_comuna"],
            province_code=row["codigo_provincia"],
            province_name=row["nombre_provincia"],
            region_code=row["codigo_region"],
            region_name=row["nombre_region"],
            region_abbreviation=row["abreviatura_region"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def municipalities() -> tuple[Comuna, ...]:
    """The 345 comunas that have a municipality (all but Antártica)."""
    return tuple(comuna for comuna in all_comunas() if comuna.code != ANTARTICA)


@cache
def comunas_by_code() -> dict[str, Comuna]:
    """Every comuna keyed by its CUT code."""
    return {comuna.code: comuna for comuna in all_comunas()}


def _comuna_by_code(code: str, origin: str = "") -> Comuna:
    found = comunas_by_code().get(code)
    if found is None:
        where = f" (en `{origin}`)" if origin else ""
        raise ConfigurationError(
            f"El código CUT `{code}`{where} no corresponde a ninguna comuna.",
            "Use el código de 5 dígitos de SUBDERE, por ejemplo `05101` para Valparaíso.",
        )
    return found


def comuna_by_code(code: str) -> Comuna:
    """The comuna with this CUT code (`5101` and `05101` both accepted)."""
    return _comuna_by_code(code.strip().zfill(5))


def load_code_mappings(*paths: Path) -> CodeMappings:
    """The packaged mapping table extended with user tables (CSV or YAML, see `FUENTES.md`)."""
    mappings = CodeMappings()
    packaged = resources.files("datamuni").joinpath("data/codigos_externos.csv")
    _read_csv(mappings, packaged.read_text("utf-8"), "datamuni/data/codigos_externos.csv")
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigurationError(
                f"No se puede leer la tabla de códigos `{path}`: {error.strerror}.",
                "Revise la ruta configurada.",
            ) from error
        if path.suffix.lower() in (".yaml", ".yml"):
            _read_yaml(mappings, text, str(path))
        else:
            _read_csv(mappings, text, str(path))
    return mappings


def _read_csv(mappings: CodeMappings, text: str, origin: str) -> None:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"sistema", "codigo", "codigo_comuna"} - set(reader.fieldnames or ())
    if missing:
        raise ConfigurationError(
            f"Tabla de códigos `{origin}`: faltan las columnas {sorted(missing)}.",
            "La cabecera debe ser `sistema,codigo,codigo_comuna[,fuente]`.",
        )
    for row in reader:
        mappings.add(row["sistema"], row["codigo"], row["codigo_comuna"], origin)


def _read_yaml(mappings: CodeMappings, text: str, origin: str) -> None:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, Mapping) or not all(isinstance(v, Mapping) for v in data.values()):
        raise ConfigurationError(
            f"Tabla de códigos `{origin}`: se esperaba `sistema: {{codigo: codigo_comuna}}`.",
            'Ejemplo: `cplt: {MU280: "05601"}`.',
        )
    for system, entries in data.items():
        for code, cut in entries.items():
            mappings.add(str(system), str(code), str(cut), origin)
