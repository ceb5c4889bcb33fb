"""Spanish `--help` pages: Typer command and group classes, and a Typer that uses them by default.

Typer builds help from click's `Command` methods; overriding the public ones (`get_help_option`,
`get_usage`) and setting each parameter's documented `rich_help_panel` puts the help option, the
usage line and the panel titles in Spanish without touching the library. What stays English
(`[required]`, `[default: …]`, type names such as `<str>`, click's parse errors) comes from
module-level strings of Typer that offer no hook short of patching the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

HELP_TEXT = "Muestra esta ayuda y termina."
USAGE_PREFIX = "Uso: "
OPTIONS_METAVAR = "[OPCIONES]"
SUBCOMMAND_METAVAR = "COMANDO [ARGUMENTOS]..."
ARGUMENTS_PANEL = "Argumentos"
OPTIONS_PANEL = "Opciones"
COMMANDS_PANEL = "Comandos"

F = TypeVar("F", bound=Callable[..., Any])


def _place_in_spanish_panels(params: list[_click.Parameter]) -> None:
    """Put parameters without a panel of their own in the Spanish `Argumentos`/`Opciones` panels."""
    for param in params:
        if isinstance(param, TyperArgument) and param.rich_help_panel is None:
            param.rich_help_panel = ARGUMENTS_PANEL
        elif isinstance(param, TyperOption) and param.rich_help_panel is None:
            param.rich_help_panel = OPTIONS_PANEL


def _spanish_usage(command: _click.Command, ctx: _click.Context) -> str:
    """The usage line of `command`, headed `Uso:` (wrapped like click's own)."""
    formatter = ctx.make_formatter()
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)
    return formatter.getvalue().rstrip("\n")


def _spanish_help_option(option: TyperOption | None) -> TyperOption | None:
    """Give the help option click creates a Spanish description and panel."""
    if option is not None:
        option.help = HELP_TEXT
        option.rich_help_panel = OPTIONS_PANEL
    return option


class SpanishCommand(TyperCommand):
    """A Typer command whose help page is in Spanish."""

    def __init__(self, name: str | None, **attrs: Any) -> None:
        super().__init__(name, **attrs)
        _place_in_spanish_panels(self.params)

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        """The help option, described in Spanish."""
        return _spanish_help_option(super().get_help_option(ctx))

    def get_usage(self, ctx: _click.Context) -> str:
        """The usage line, headed `Uso:`."""
        return _spanish_usage(self, ctx)


class SpanishGroup(TyperGroup):
    """A Typer group whose help page (and its list of commands) is in Spanish."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _place_in_spanish_panels(self.params)
        for command in self.commands.values():
            # Typer leaves an unset panel as a falsy placeholder (and reads it with `or`).
            if isinstance(command, TyperCommand | TyperGroup) and not command.rich_help_panel:
                command.rich_help_panel = COMMANDS_PANEL

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        """The help option, described in Spanish."""
        return _spanish_help_option(super().get_help_option(ctx))

    def get_usage(self, ctx: _click.Context) -> str:
        """The usage line, headed `Uso:`."""
        return _spanish_usage(self, ctx)


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
