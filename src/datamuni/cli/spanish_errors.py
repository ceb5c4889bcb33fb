"""Typer's command-line errors (missing argument, unknown option, invalid value) in Spanish.

Typer's own click builds them from its exceptions' fields (parameter, option name, suggestions);
the Spanish command classes catch each `UsageError` while parsing and raise one worded here, so
an officer who mistypes a command reads what is wrong in Spanish. Messages of our own callbacks
are already Spanish and pass through; an unknown English message is kept rather than lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from typer._click.core import Context
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

_KIND = {"argument": "el argumento", "option": "la opción", "parameter": "el parámetro"}
_TYPE = {"integer": "un número entero", "number": "un número", "boolean": "sí o no (true/false)"}
_PATH = {"file": "El archivo", "dir": "La carpeta", "directory": "La carpeta", "path": "La ruta"}
_PATH_STATE = {
    "does not exist": "no existe",
    "is a directory": "es una carpeta",
    "is a file": "es un archivo",
    "is not readable": "no se puede leer",
    "is not writable": "no se puede escribir",
}
# (pattern of the English message, Spanish template over the pattern's groups)
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Option (.+) requires an argument\."), "La opción {0} requiere un valor."),
    (re.compile(r"Option (.+) requires (\d+) arguments\."), "La opción {0} requiere {1} valores."),
    (re.compile(r"Option (.+) does not take a value\."), "La opción {0} no admite un valor."),
    (re.compile(r"Argument (.+) takes (\d+) values\."), "El argumento {0} requiere {1} valores."),
    (re.compile(r"Got unexpected extra argument\(s\) \((.*)\)"), "Sobran argumentos: {0}."),
    (re.compile(r"Missing command\."), "Falta el comando."),
    (
        re.compile(r"No such command (.+?)\. Did you mean (.+)\?"),
        "No existe el comando {0}. ¿Quiso decir {1}?",
    ),
    (re.compile(r"No such command (.+?)\."), "No existe el comando {0}."),
]
_VALID_TYPE = re.compile(r"Input should be a valid (" + "|".join(_TYPE) + r")\b.*", re.DOTALL)
_PATH_MESSAGE = re.compile(
    r"(file|dir|directory|path) (.*) (" + "|".join(map(re.escape, _PATH_STATE)) + r")\.",
    re.IGNORECASE,
)


def spanish_message(message: str) -> str:
    """An English usage message in Spanish (a message it does not know is returned unchanged)."""
    if found := _VALID_TYPE.fullmatch(message):
        return f"debe ser {_TYPE[found[1]]}."
    if found := _PATH_MESSAGE.fullmatch(message):
        return f"{_PATH[found[1].lower()]} {found[2]} {_PATH_STATE[found[3]]}."
    for pattern, template in _MESSAGES:
        if found := pattern.fullmatch(message):
            return template.format(*found.groups())
    return message


def _suggestion(possibilities: Sequence[str] | None) -> str:
    """`¿Quiso decir …?` for one close match, the list for several, nothing for none."""
    if not possibilities:
        return ""
    if len(possibilities) == 1:
        return f" ¿Quiso decir {possibilities[0]}?"
    return f" (Opciones posibles: {', '.join(sorted(possibilities))})"


def _hint(error: BadParameter) -> str:
    """How the parameter is named on the command line (`'--periodo' / '-p'`, `'archivo'`)."""
    if error.param_hint is not None:
        if isinstance(error.param_hint, str):
            return error.param_hint
        return " / ".join(f"'{hint}'" for hint in error.param_hint)
    return error.param.get_error_hint() if error.param is not None else ""


def spanish_usage_error(error: UsageError, ctx: Context) -> UsageError:
    """The same command-line error worded in Spanish, tied to `ctx` (exit code 2)."""
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        text = f"Falta {_KIND.get(kind, 'el parámetro')} {_hint(error)}".rstrip() + "."
        extra = error.param.get_missing_message(ctx=error.ctx) if error.param else ""
        if extra:
            text += " " + extra.replace("Choose from:", "Elija entre:")
    elif isinstance(error, BadParameter):
        hint = _hint(error)
        where = f" para {hint}" if hint else ""
        text = f"Valor no válido{where}: {spanish_message(error.message)}"
    elif isinstance(error, NoSuchOption):
        text = f"No existe la opción {error.option_name}." + _suggestion(error.possibilities)
    else:
        text = spanish_message(error.message)
    return SpanishUsageError(text, error.ctx or ctx)


class SpanishUsageError(UsageError):
    """A command-line error already worded in Spanish."""


@contextmanager
def errors_in_spanish(ctx: Context) -> Iterator[None]:
    """Re-raise the usage errors of the block in Spanish (the help page shown for none passes)."""
    try:
        yield
    except (SpanishUsageError, NoArgsIsHelpError):
        raise
    except UsageError as error:
        raise spanish_usage_error(error, ctx) from None
