"""Spanish messages for CKAN's refusals (pure; used only by `client.py`)."""

from __future__ import annotations

from typing import Any

from ckanapi import errors

KNOWN: dict[str, str] = {
    "That URL is already in use.": "ese nombre ya está en uso",
    "Organization does not exist": "la organización no existe",
    "Missing value": "falta el valor",
    "File upload too large": "el archivo supera el tamaño máximo que acepta este CKAN",
    "Group was not found.": "el grupo no existe",
}
TOO_LARGE = (
    "El archivo supera el tamaño máximo de recurso de este CKAN (`ckan.max_resource_size`, "
    "10 MB si no se configuró)."
)
TOO_LARGE_HINT = (
    "Pida al administrador del portal aumentar `ckan.max_resource_size` (en MB) en el archivo de "
    "configuración de CKAN y reiniciarlo, o publique el período dividido en archivos más pequeños. "
    "Lo publicado antes sigue intacto."
)


def translate_refusal(action: str, error: Exception, status: int) -> tuple[str, str, str | None]:
    """(message, hint, field) in Spanish for a 4xx answer of CKAN to `action`."""
    if status == 413 or "too large" in str(error).lower():
        return TOO_LARGE, TOO_LARGE_HINT, "upload"
    if isinstance(error, errors.NotAuthorized):
        return (
            f"CKAN no autorizó `{action}`: el token usado no tiene permiso sobre ese conjunto u "
            "organización.",
            "Use el token de la propia municipalidad (editor de su organización); si es la suya, "
            "pida al administrador que ejecute `datamuni preparar-municipio CUT`.",
            None,
        )
    if isinstance(error, errors.NotFound):
        return (
            f"CKAN no encontró lo pedido en `{action}`: {_detail(error)}.",
            "Revise el nombre del conjunto o recurso; si la organización falta, ejecute "
            "`datamuni preparar-municipio CUT`.",
            None,
        )
    if isinstance(error, errors.ValidationError):
        field, text = _first_field(getattr(error, "error_dict", {}))
        hint = "Corrija ese valor y vuelva a publicar."
        if field == "owner_org":
            hint = "Cree la organización con `datamuni preparar-municipio CUT` y vuelva a publicar."
        return f"CKAN rechazó el campo `{field}` en `{action}`: {text}.", hint, field
    return (
        f"CKAN respondió HTTP {status} a `{action}`: {_detail(error)[:300]}.",
        "Revise la configuración del portal; este error no se reintenta.",
        None,
    )


def _first_field(error_dict: Any) -> tuple[str, str]:
    """The first field CKAN complained about, with its message translated when known."""
    if not isinstance(error_dict, dict):
        return "?", str(error_dict)
    for key, value in error_dict.items():
        if key == "__type":
            continue
        message = _flatten(value)
        return key, KNOWN.get(message, message)
    return "?", "datos inválidos"


def _flatten(value: Any) -> str:
    """First message string inside CKAN's nested lists/dicts of errors."""
    if isinstance(value, list):
        for item in value:
            text = _flatten(item)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        for key, item in value.items():
            text = _flatten(item)
            if text:
                return f"{key}: {text}"
        return ""
    return str(value)


def _detail(error: Exception) -> str:
    """Readable detail of a ckanapi error."""
    return str(getattr(error, "extra_msg", None) or error)
