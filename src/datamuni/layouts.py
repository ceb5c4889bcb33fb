"""Column layouts of known source files, shipped as package data (see `data/FUENTES.md`)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from datamuni.errors import ConfigurationError

CPLT_STAFF_HEADERS_FILE = "data/cplt_remuneraciones_headers.yaml"
"""Package-relative path of the CPLT bulk staff-pay header list."""


@cache
def cplt_staff_headers() -> tuple[str, ...]:
    """The 42 column headers of CPLT's bulk staff-pay file, exactly as written and in file order."""
    text = resources.files("datamuni").joinpath(CPLT_STAFF_HEADERS_FILE).read_text("utf-8")
    return _header_list(yaml.safe_load(text), CPLT_STAFF_HEADERS_FILE)


def _header_list(loaded: object, source: str) -> tuple[str, ...]:
    """Check that `loaded` is a list of distinct, non-empty header strings; return it as a tuple."""
    if not isinstance(loaded, list) or not all(isinstance(item, str) and item for item in loaded):
        raise ConfigurationError(
            f"El archivo `{source}` debe ser una lista YAML de encabezados de texto no vacíos.",
            "Reinstale datamuni: el archivo del paquete está dañado.",
        )
    repeated = sorted({item for item in loaded if loaded.count(item) > 1})
    if repeated:
        raise ConfigurationError(
            f"El archivo `{source}` repite encabezados: {', '.join(f'`{r}`' for r in repeated)}.",
            "Cada columna del archivo del CPLT debe aparecer una sola vez.",
        )
    return tuple(loaded)
