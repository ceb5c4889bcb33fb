"""Command-line mistakes are reported in Spanish: missing, unknown or misused parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.cli.spanish_errors import spanish_message
from datamuni.cli.spanish_help import SpanishTyper

ENGLISH = (
    "Missing",
    "No such",
    "Try '",
    "for help",
    "requires an argument",
    "does not take a value",
    "unexpected extra",
    "Did you mean",
    "Possible options",
    "Invalid value",
    "Input should be",
    "does not exist",
)


def _fails(target: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(target, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    for english in ENGLISH:
        assert english not in result.output, f"{english!r} en:\n{result.output}"
    return result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["publicar"], "Falta el argumento 'archivo'."),
        (["publicar", "x.csv"], "Falta la opción '--municipio' / '-m'."),
        (["publicar", "--nope", "x.csv"], "No existe la opción --nope."),
        (["publicar", "--municip", "13101", "x.csv"], "¿Quiso decir --municipio?"),
        (["validar", "--tipo"], "La opción '--tipo' requiere un valor."),
        (["validar", "a.csv", "b.csv", "c.csv"], "Sobran argumentos: b.csv c.csv."),
        (["publica"], "No existe el comando 'publica'. ¿Quiso decir 'publicar'?"),
        (["stack", "levantarr"], "No existe el comando 'levantarr'. ¿Quiso decir 'levantar'?"),
        (
            ["publicar", "x.csv", "-m", "13101", "-p", "2026-01", "--forzar=sí"],
            "La opción '--forzar' no admite un valor.",
        ),
    ],
)
def test_usage_errors_of_the_app_are_spanish(args: list[str], expected: str) -> None:
    output = _fails(app, *args)
    assert expected in output
    assert "Pruebe 'datamuni" in output and "para ver la ayuda." in output
    assert "Uso: datamuni" in output  # the usage line comes with every error, options' too


def test_invalid_values_are_spanish_and_name_the_parameter(tmp_path: Path) -> None:
    tool = SpanishTyper(name="herramienta")

    @tool.command("contar")
    def contar(
        archivo: Annotated[Path, typer.Argument(exists=True)],
        veces: Annotated[int, typer.Option()] = 1,
    ) -> None:
        """Cuenta."""

    @tool.command("otro")
    def otro() -> None:
        """Con dos comandos, la herramienta es un grupo."""

    present = tmp_path / "hay.csv"
    present.write_text("a\n", encoding="utf-8")
    output = _fails(tool, "contar", str(present), "--veces", "tres")
    assert "Valor no válido para '--veces': debe ser un número entero." in output
    output = _fails(tool, "contar", str(tmp_path / "falta.csv"))
    assert "Valor no válido para 'archivo':" in output and "no existe." in output


def test_unknown_messages_pass_unchanged_and_known_ones_are_translated() -> None:
    assert spanish_message("El período debe ser AAAA-MM.") == "El período debe ser AAAA-MM."
    assert spanish_message("dir 'x' is a file.") == "La carpeta 'x' es un archivo."
    assert (
        spanish_message("Option '-n' requires 2 arguments.") == "La opción '-n' requiere 2 valores."
    )
    assert spanish_message("Missing command.") == "Falta el comando."


def test_help_without_arguments_is_still_the_help_page() -> None:
    result = CliRunner().invoke(app, ["stack"], env={"COLUMNS": "120"})
    assert "Uso: datamuni stack" in result.output
    assert "─ Comandos " in result.output
    assert "Error" not in result.output
