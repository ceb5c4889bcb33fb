"""The Typer application and the shared helpers every command module uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from datamuni.cli.spanish_help import SpanishTyper
from datamuni.errors import DatamuniError
from datamuni.settings import Settings

app = SpanishTyper(
    name="datamuni",
    help="datamuni: valida, protege y publica datos abiertos municipales en CKAN.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def build_settings() -> Settings:
    """Build the one Settings object of this command run."""
    return Settings()


def spanish_errors(func: F) -> F:
    """Turn a DatamuniError into a Spanish message and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DatamuniError as error:
            err_console.print(
                f"[bold red]Error:[/] {escape(error.message)}", markup=True, highlight=False
            )
            if error.hint:
                err_console.print(f"[yellow]Qué hacer:[/] {escape(error.hint)}", highlight=False)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]
