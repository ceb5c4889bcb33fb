"""Collects the problems of one schema file in Spanish, naming the closest valid name as a hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from datamuni.errors import ConfigurationError


class Problems:
    """The problems found in one schema file; raised together as one `ConfigurationError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        """Record one problem at `where` (e.g. ``campo `sueldo` ``)."""
        self.items.append(f"{where}: {message}" if where else message)

    def check_keys(self, where: str, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
        """Report keys of `data` that are not in `allowed`, suggesting the closest one."""
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" ¿Quiso decir `{near[0]}`?" if near else ""
                self.add(where, f"clave desconocida `{key}`.{hint} Válidas: {', '.join(allowed)}.")

    def raise_if_any(self) -> None:
        """Raise a `ConfigurationError` listing every problem, if any was found."""
        if self.items:
            listed = "\n".join(f"  - {item}" for item in self.items)
            raise ConfigurationError(
                f"El esquema `{self.path}` tiene {len(self.items)} problema(s):\n{listed}",
                "Corrija el archivo YAML (vocabulario en `schemas/README.md`) y vuelva a intentar.",
            )


def _names(value: Any) -> list[str]:
    """A Table Schema field list given as a string or a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return []


def check_field_refs(problems: Problems, where: str, value: Any, known: set[str]) -> list[str]:
    """Field names in `value`; report unknown ones and malformed values."""
    names = _names(value)
    if value is not None and not names and value != []:
        problems.add(where, f"se esperaba un nombre de campo o una lista, no `{value!r}`.")
    for name in names:
        if name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" ¿Quiso decir `{near[0]}`?" if near else ""
            problems.add(where, f"nombra el campo `{name}`, que no existe.{hint}")
    return names
