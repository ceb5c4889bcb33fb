"""Which comuna a CUT code, a name, a spelling variant or a CPLT/SINIM code names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache

from datamuni.errors import ConfigurationError
from datamuni.territory import (
    MAPPING_SYSTEMS,
    CodeMappings,
    Comuna,
    all_comunas,
    comuna_by_code,
    comunas_by_code,
    load_code_mappings,
    name_key,
)


@cache
def _name_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for comuna in all_comunas():
        index.setdefault(name_key(comuna.name), set()).add(comuna.code)
    return index


def resolve_comuna(
    text: str, mappings: CodeMappings | None = None, system: str | None = None
) -> Comuna:
    """The comuna named by a CUT code, a name, a spelling variant or a CPLT/SINIM code.

    Digits are read as CUT codes unless `system` says which external system they come from.
    """
    mappings = mappings if mappings is not None else _packaged_mappings()
    raw = text.strip()
    if system is not None:
        mapped = mappings.codes.get((system.lower(), raw.upper()))
        if mapped is None:
            raise ConfigurationError(
                f"El código `{raw}` no está en la tabla de códigos `{system}`.",
                "Agregue la correspondencia en su tabla de códigos (ver `data/FUENTES.md`).",
            )
        return comunas_by_code()[mapped]
    if re.fullmatch(r"\d{4,5}", raw):
        return comuna_by_code(raw)
    for known_system in MAPPING_SYSTEMS[:2]:
        mapped = mappings.codes.get((known_system, raw.upper()))
        if mapped is not None:
            return comunas_by_code()[mapped]
    key = name_key(raw)
    codes = set(_name_index().get(key, set())) | mappings.names.get(key, set())
    if len(codes) == 1:
        return comunas_by_code()[codes.pop()]
    return _fail(raw, sorted(codes), key, mappings)


@cache
def _packaged_mappings() -> CodeMappings:
    return load_code_mappings()


def _fail(raw: str, codes: list[str], key: str, mappings: CodeMappings) -> Comuna:
    keys = set(_name_index()) | set(mappings.names)
    prefixed = _codes_of(sorted(k for k in keys if key and k.startswith(key)), mappings)
    if len(codes) > 1 or len(prefixed) > 1:
        raise ConfigurationError(
            f"El municipio `{raw}` es ambiguo: coincide con {_describe(codes or prefixed)}.",
            "Indique el código CUT de 5 dígitos o el nombre completo.",
        )
    near = prefixed + _codes_of(difflib.get_close_matches(key, keys, n=5, cutoff=0.75), mappings)
    hint = f"¿Quiso decir: {_describe(sorted(set(near)))}? " if near else ""
    raise ConfigurationError(
        f"No se reconoce el municipio `{raw}`.",
        hint + "Use el código CUT de 5 dígitos (por ejemplo `05101`) o el nombre oficial.",
    )


def _codes_of(keys: Iterable[str], mappings: CodeMappings) -> list[str]:
    found = {c for k in keys for c in _name_index().get(k, set()) | mappings.names.get(k, set())}
    return sorted(found)


def _describe(codes: Iterable[str], limit: int = 10) -> str:
    listed = [f"{comunas_by_code()[c].name} (`{c}`)" for c in codes]
    more = f" y {len(listed) - limit} más" if len(listed) > limit else ""
    return ", ".join(listed[:limit]) + more
