"""Spanish `--help` pages: Typer command and group classes, and a Typer that uses them by default.

Typer builds help from click's `Command` methods; overriding the public ones (`get_help_option`,
`get_usage`) puts the help option and the usage line in Spanish without touching the library.
Typer's rich help reads its panel titles and markers (`Arguments`, `[required]`, `[default: …]`,
"Try … for help") from module settings at display time, set here in Spanish; type names (`<str>`)
come from each parameter, whose class is swapped for a subclass that names them in Spanish. Parse
errors are translated in `spanish_errors.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from datamuni.cli.spanish_errors import errors_in_spanish

HELP_TEXT = "Muestra esta ayuda y termina."
USAGE_PREFIX = "Uso: "
OPTIONS_METAVAR = "[OPCIONES]"
SUBCOMMAND_METAVAR = "COMANDO [ARGUMENTOS]..."
ARGUMENTS_PANEL = "Argumentos"
OPTIONS_PANEL = "Opciones"
COMMANDS_PANEL = "Comandos"

RICH_TEXTS = {
    "RICH_HELP": "Pruebe [blue]'{command_path} {help_option}'[/] para ver la ayuda.",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "DEFAULT_STRING": "[por defecto: {}]",
    "ENVVAR_STRING": "[variable de entorno: {}]",
    "DEPRECATED_STRING": "(obsoleto) ",
    "ABORTED_TEXT": "Cancelado.",
    "ARGUMENTS_PANEL_TITLE": ARGUMENTS_PANEL,
    "OPTIONS_PANEL_TITLE": OPTIONS_PANEL,
    "COMMANDS_PANEL_TITLE": COMMANDS_PANEL,
}
TYPE_NAMES = {"str": "texto", "int": "entero", "float": "número", "bool": "sí/no", "Path": "ruta"}
_TYPE_NAME = re.compile(r"\b(" + "|".join(TYPE_NAMES) + r")\b")

F = TypeVar("F", bound=Callable[..., Any])


def use_spanish_rich_texts() -> None:
    """Put Typer's help and error markers in Spanish (module settings it reads when it prints)."""
    from typer import rich_utils

    for name, text in RICH_TEXTS.items():
        setattr(rich_utils, name, text)


def spanish_type(shown: str | None) -> str | None:
    """A parameter's type as help shows it (`<str>`), named in Spanish (`<texto>`)."""
    return None if shown is None else _TYPE_NAME.sub(lambda m: TYPE_NAMES[m[1]], shown)


class SpanishArgument(TyperArgument):
    """An argument whose type is named in Spanish on the help page."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        """The argument's type, in Spanish."""
        return spanish_type(super().display_type_rich(ctx))


class SpanishOption(TyperOption):
    """An option whose type is named in Spanish on the help page (none shown for a flag)."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        """The option's type, in Spanish; nothing for a flag, which takes no value."""
        return None if self.is_flag else spanish_type(super().display_type_rich(ctx))


def _name_types_in_spanish(params: list[_click.Parameter]) -> None:
    """Make Typer's parameters name their types in Spanish on the help page."""
    for param in params:
        if isinstance(param, TyperArgument):
            param.__class__ = SpanishArgument  # Typer builds the parameter; only help differs
        elif isinstance(param, TyperOption):
            param.__class__ = SpanishOption


def _spanish_usage(command: _click.Command, ctx: _click.Context) -> str:
    """The usage line of `command`, headed `Uso:` (wrapped like click's own)."""
    formatter = ctx.make_formatter()
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)
    return formatter.getvalue().rstrip("\n")


def _spanish_help_option(option: TyperOption | None) -> TyperOption | None:
    """Give the help option click creates a Spanish description."""
    if option is not None:
        option.__class__ = SpanishOption
        option.help = HELP_TEXT
    return option


class _SpanishPage(_click.Command):
    """What a Spanish command and a Spanish group share: help option, usage line, parse errors."""

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        """The help option, described in Spanish."""
        return _spanish_help_option(super().get_help_option(ctx))

    def get_usage(self, ctx: _click.Context) -> str:
        """The usage line, headed `Uso:`."""
        return _spanish_usage(self, ctx)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        """Parse the command line; a usage error is raised in Spanish."""
        with errors_in_spanish(ctx):
            return super().parse_args(ctx, args)


class SpanishCommand(_SpanishPage, TyperCommand):
    """A Typer command whose help page is in Spanish."""

    def __init__(self, name: str | None, **attrs: Any) -> None:
        super().__init__(name, **attrs)
        _name_types_in_spanish(self.params)


class SpanishGroup(_SpanishPage, TyperGroup):
    """A Typer group whose help page (and its list of commands) is in Spanish."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _name_types_in_spanish(self.params)

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """Find the subcommand; an unknown one is reported in Spanish (with Typer's suggestion)."""
        with errors_in_spanish(ctx):
            return super().resolve_command(ctx, args)


class SpanishTyper(typer.Typer):
    """A Typer app whose commands and sub-apps get Spanish help pages unless told otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", SpanishGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        # Typer appends `--install-completion`/`--show-completion` with English help after the
        # group is built, out of reach of these classes: left out unless asked for.
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)
        use_spanish_rich_texts()

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
        """Register a command (a `SpanishCommand` unless `cls` is given)."""
        kwargs.setdefault("cls", SpanishCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        decorator: Callable[[F], F] = super().command(name, **kwargs)
        return decorator

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        """Add a sub-app as a `SpanishGroup` (its own commands keep the class they were given)."""
        kwargs.setdefault("cls", SpanishGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().add_typer(typer_instance, **kwargs)
