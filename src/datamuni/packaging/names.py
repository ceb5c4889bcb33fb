"""Names and slugs shared by the package builder and the CKAN publisher (pure functions)."""

from __future__ import annotations

import re

from datamuni.errors import ConfigurationError
from datamuni.territory import Comuna, organization_slug, slug

PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def check_period(period: str) -> str:
    """Return `period` if it is `AAAA` or `AAAA-MM`; otherwise a Spanish configuration error."""
    if not PERIOD.match(period):
        raise ConfigurationError(
            f"El período `{period}` no es válido.",
            "Use `AAAA-MM` (por ejemplo `2026-10`) o `AAAA` para datos anuales.",
        )
    return period


def organization_name(comuna: Comuna) -> str:
    """CKAN organization of the municipality: `municipalidad-de-<slug>`."""
    return organization_slug(comuna)


def organization_title(comuna: Comuna) -> str:
    """Human title of the municipality's organization: `Municipalidad de <Comuna>`."""
    return f"Municipalidad de {comuna.name}"


def dataset_name(kind_name: str, comuna: Comuna) -> str:
    """CKAN dataset name of a municipality × kind: `<kind>-<slug>` (the identity, not search)."""
    name = f"{kind_name}-{slug(comuna)}".lower().replace("_", "-")
    if not CKAN_NAME.match(name):
        raise ConfigurationError(f"No se puede formar un nombre CKAN válido a partir de `{name}`.")
    return name


def package_name(kind_name: str, comuna: Comuna, period: str) -> str:
    """Frictionless package name: `<kind>-<slug>-<period>`."""
    return f"{dataset_name(kind_name, comuna)}-{period}"


def data_file_name(kind_name: str, comuna: Comuna, period: str) -> str:
    """File name of the published CSV, as a citizen downloads it."""
    return f"{package_name(kind_name, comuna, period)}.csv"


def package_dir_name(kind_name: str, comuna: Comuna) -> str:
    """Folder of a municipality × kind under `datapackages/`: `<cut>-<kind>`."""
    return f"{comuna.code}-{kind_name}"


DICTIONARY_FILE = "diccionario-de-datos.csv"
DESCRIPTOR_FILE = "datapackage.json"
PUBLIC_REPORT_FILE = "reporte-publico.json"
