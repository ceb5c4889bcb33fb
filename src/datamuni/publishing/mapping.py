"""Pure mapping: a built data package (and what CKAN holds now) → CKAN dicts. No network."""

from __future__ import annotations

import hashlib
from typing import Any

from datamuni.packaging import BuiltPackage, names
from datamuni.territory import Comuna

CKAN_LICENCES = {
    "CC-BY-4.0": "cc-by",
    "CC0-1.0": "cc-zero",
    "CC-BY-SA-4.0": "cc-by-sa",
    "ODbL-1.0": "odc-odbl",
}
ROLE = "datamuni_rol"
ROLE_DATA, ROLE_DESCRIPTOR, ROLE_DICTIONARY = "datos", "datapackage", "diccionario"
FREQUENCIES = {
    "mensual": "Mensual",
    "anual": "Anual",
    "trimestral": "Trimestral",
    "semestral": "Semestral",
}
WITHDRAWALS_EXTRA = "datamuni_retiros"
QUARANTINED = "datamuni_filas_cuarentena"
"""Data resource field: rows of the source the period's publication kept out (a count only)."""


def organization_dict(comuna: Comuna) -> dict[str, Any]:
    """`organization_create` data of the municipality (extras: CUT, region, province)."""
    return {
        "name": names.organization_name(comuna),
        "title": names.organization_title(comuna),
        "description": f"Datos abiertos publicados por la Municipalidad de {comuna.name} "
        f"({comuna.province_name}, Región de {comuna.region_name}).",
        "extras": [
            {"key": "cut", "value": comuna.code},
            {"key": "provincia", "value": f"{comuna.province_code} {comuna.province_name}"},
            {"key": "region", "value": f"{comuna.region_code} {comuna.region_name}"},
        ],
    }


def dataset_title(package: BuiltPackage) -> str:
    """Spanish dataset title from the kind's pattern (`... de {comuna}`)."""
    return package.kind.catalog.title_pattern.format(comuna=package.comuna.name)


def data_periods(current: dict[str, Any] | None) -> list[str]:
    """Periods already published as data resources in the current dataset."""
    resources = (current or {}).get("resources", [])
    return sorted(r["name"] for r in resources if r.get(ROLE) == ROLE_DATA)


def dataset_fields(
    package: BuiltPackage,
    periods: list[str],
    contact: dict[str, str] | None,
    kept_extras: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Dataset-level CKAN fields (Spanish metadata) for the package and the periods published."""
    comuna, kind = package.comuna, package.kind
    first, last = min(periods), max(periods)
    coverage = first if first == last else f"{first} a {last}"
    contact = contact or {}
    extras = dict(kept_extras or {})
    extras.update(
        {
            "cut": comuna.code,
            "region": comuna.region_name,
            "provincia": comuna.province_name,
            "frecuencia": FREQUENCIES.get(kind.catalog.frequency, kind.catalog.frequency),
            "cobertura_temporal": coverage,
            "cobertura_espacial": f"Comuna de {comuna.name}, Provincia de {comuna.province_name}, "
            f"Región de {comuna.region_name}",
            "version_esquema": kind.version,
            "tipo_conjunto": kind.name,
            "contraparte_tecnica": contact.get("nombre") or contact.get("name") or "",
        }
    )
    description = kind.catalog.description.format(comuna=comuna.name).strip()
    return {
        "name": names.dataset_name(kind.name, comuna),
        "title": dataset_title(package),
        "notes": f"{description}\n\nCobertura temporal: {coverage}. Frecuencia de actualización: "
        f"{extras['frecuencia'].lower()}. Versión del esquema: {kind.version}.",
        "owner_org": names.organization_name(comuna),
        "license_id": CKAN_LICENCES.get(package.licence_id, package.licence_id),
        "author": names.organization_title(comuna),
        "maintainer": contact.get("nombre")
        or contact.get("name")
        or names.organization_title(comuna),
        "maintainer_email": contact.get("correo") or contact.get("email") or "",
        "version": kind.version,
        "private": False,
        "state": "active",  # a dataset withdrawn whole comes back only through republish_withdrawn
        "tags": [{"name": k} for k in sorted(set(kind.catalog.keywords))],
        "groups": [{"name": kind.catalog.group}] if kind.catalog.group else [],
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items()) if v != ""],
    }


def resource_fields(package: BuiltPackage, role: str) -> dict[str, Any]:
    """CKAN resource fields of one of the package's files (hash decides if it changed)."""
    period = package.period
    if role == ROLE_DATA:
        return {
            "name": period,
            "description": f"Datos del período {period} ({package.rows} filas). Archivo CSV UTF-8, "
            "separado por comas, fechas ISO (AAAA-MM-DD) y decimales con punto.",
            "format": "CSV",
            "mimetype": "text/csv",
            "hash": f"sha256:{package.sha256}",
            "periodo": period,
            QUARANTINED: str(package.quarantined),
            ROLE: ROLE_DATA,
        }
    if role == ROLE_DESCRIPTOR:
        return {
            "name": names.DESCRIPTOR_FILE,
            "description": "Descriptor Frictionless (Data Package) del último período publicado: "
            "esquema, licencia, fuentes y hash de cada archivo.",
            "format": "JSON",
            "mimetype": "application/json",
            "hash": f"sha256:{_file_sha256(package, role)}",
            "periodo": period,
            ROLE: ROLE_DESCRIPTOR,
        }
    return {
        "name": "Diccionario de datos",
        "description": "Campos publicados: nombre, título, tipo y descripción de cada columna.",
        "format": "CSV",
        "mimetype": "text/csv",
        "hash": f"sha256:{_file_sha256(package, role)}",
        "version_esquema": package.kind.version,
        ROLE: ROLE_DICTIONARY,
    }


def _file_sha256(package: BuiltPackage, role: str) -> str:
    """sha256 of the descriptor or dictionary file (dictionary hash is in the descriptor)."""
    if role == ROLE_DICTIONARY:
        return str(package.descriptor["resources"][1]["hash"]).removeprefix("sha256:")
    return hashlib.sha256(package.descriptor_path.read_bytes()).hexdigest()
