"""`--help` pages speak Spanish: help option, usage line, panel titles and metavars."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.cli.spanish_help import SpanishTyper

ENGLISH = (
    "Show this message and exit.",
    "Usage:",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "[required]",
    "[default:",
    "<str>",
    "<bool>",
    "<int>",
)
ENGLISH_PANELS = ("─ Options ", "─ Arguments ", "─ Commands ")
APP_COMMANDS = [
    "avance",
    "iniciar-municipio",
    "preparar-municipio",
    "proteger",
    "revisar-pii",
    "publicar",
    "retirar",
    "validar",
    "stack",
]


def _help(target: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(target, [*args, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.output


def _assert_spanish(output: str) -> None:
    for english in ENGLISH + ENGLISH_PANELS:
        assert english not in output, f"{english!r} en:\n{output}"
    assert "Muestra esta ayuda y termina." in output
    assert "Uso: " in output
    assert "─ Opciones " in output


def test_top_level_help_is_spanish() -> None:
    output = _help(app)
    assert "Show this message and exit." not in output
    _assert_spanish(output)
    assert "[OPCIONES] COMANDO [ARGUMENTOS]..." in output
    assert "─ Comandos " in output
    assert "--install-completion" not in output
    for name in APP_COMMANDS:
        assert name in output


@pytest.mark.parametrize("command", APP_COMMANDS)
def test_every_command_help_is_spanish(command: str) -> None:
    output = _help(app, command)
    _assert_spanish(output)


@pytest.mark.parametrize("command", ["levantar", "estado", "detener"])
def test_stack_subcommand_help_is_spanish(command: str) -> None:
    _assert_spanish(_help(app, "stack", command))


def test_required_argument_is_listed_under_argumentos() -> None:
    output = _help(app, "validar")
    assert "─ Argumentos " in output
    assert "archivo" in output.split("─ Argumentos ")[1].split("─ Opciones ")[0]


def test_sub_app_built_with_spanish_typer_is_spanish_down_to_its_commands() -> None:
    root = SpanishTyper(name="raiz", help="Raíz.")
    sub = SpanishTyper(help="Sub-aplicación.")
    root.add_typer(sub, name="sub")

    @root.command("uno")
    def uno() -> None:
        """Primer comando."""

    @sub.command("dos")
    def dos(archivo: str, veces: int = 1) -> None:
        """Segundo comando."""

    for path in ([], ["sub"], ["sub", "dos"], ["uno"]):
        _assert_spanish(_help(root, *path))
    assert "─ Argumentos " in _help(root, "sub", "dos")


def test_a_panel_chosen_by_the_command_is_kept() -> None:
    root = SpanishTyper(name="raiz")

    @root.command("uno", rich_help_panel="Mantención")
    def uno(veces: int = typer.Option(1, rich_help_panel="Avanzadas")) -> None:
        """Primer comando."""

    @root.command("otro")
    def otro() -> None:
        """Otro comando."""

    assert "─ Mantención " in _help(root)
    assert "─ Avanzadas " in _help(root, "uno")
