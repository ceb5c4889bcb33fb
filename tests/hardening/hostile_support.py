"""Helpers of the hardening tests: hostile files run through the whole pipeline, offline."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from datamuni.errors import DatamuniError
from datamuni.pipeline import run_dataset
from datamuni.run_result import RunResult
from datamuni.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "organismo_nombre;anyo;Mes;Tipo Estamento;Nombres;Paterno;Materno;grado_eus;Tipo cargo;"
    "remuneracionbruta_mensual;remuliquida_mensual;fecha_ingreso;fecha_termino;observaciones"
)


def row(name: str = "Ana", gross: str = "2.500.000", note: str = "", net: str = "1.000.000") -> str:
    """One valid remuneraciones row of Valparaíso (CPLT bulk layout, `;`)."""
    return (
        f"Municipalidad de Valparaíso;2026;Octubre;Profesional;{name};Pérez;Soto;8;Jefa;"
        f'"{gross}";"{net}";01/03/2015;;{note}'
    )


GOOD = [row(f"Ana{i}") for i in range(12)]


def csv_bytes(
    rows: list[str], header: str = HEADER, encoding: str = "utf-8", newline: str = "\n"
) -> bytes:
    """A CSV file's bytes."""
    return (newline.join([header, *rows]) + newline).encode(encoding)


def with_bad(bad: str, at: int = 3) -> list[str]:
    """Twelve good rows with `bad` inserted as data row `at` (file row `at + 2`)."""
    return [*GOOD[:at], bad, *GOOD[at:]]


def settings_for(tmp_path: Path, **extra: object) -> Settings:
    """Settings with the real catalogue and every output under `tmp_path`."""
    return Settings(
        project_dir=extra.pop("project_dir", ROOT),  # type: ignore[arg-type]
        runs_dir=tmp_path / "runs",
        datapackages_dir=tmp_path / "dp",
        state_dir=tmp_path / "state",
        **extra,  # type: ignore[arg-type]
    )


def sha256(path: Path) -> str:
    """Hash of a file, to prove it was never modified."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Outcome:
    """What a hostile run produced: the error raised, or the result."""

    error: DatamuniError | None
    result: RunResult | None
    settings: Settings

    def packaged_files(self) -> list[Path]:
        """Every file under the data packages folder."""
        root = self.settings.resolve(self.settings.datapackages_dir)
        return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def run_hostile(
    tmp_path: Path, source: Path | str, kind: str | None = "remuneraciones", **extra: object
) -> Outcome:
    """Run the pipeline without publishing; the input must stay byte-identical."""
    settings = settings_for(tmp_path, **extra)
    before = sha256(source) if isinstance(source, Path) and source.is_file() else None
    try:
        result = run_dataset(
            settings, source=source, kind=kind, municipality="05101", period="2026-10",
            publish=False,
        )  # fmt: skip
        outcome = Outcome(None, result, settings)
    except DatamuniError as error:
        outcome = Outcome(error, None, settings)
    if before is not None:
        assert isinstance(source, Path) and sha256(source) == before, "the input was modified"
    return outcome


def expect_refused(outcome: Outcome, name: str, *words: str, row: int | None = None) -> str:
    """The run raised a Spanish error naming the file (and row), and packaged nothing."""
    if outcome.error is None:
        pytest.fail(f"expected a refusal, got outcome {outcome.result and outcome.result.outcome}")
    text = str(outcome.error)
    assert name in text, text
    for word in words:
        assert word.lower() in text.lower(), text
    if row is not None:
        assert f"fila {row}" in text, text
    assert outcome.packaged_files() == []
    return text
