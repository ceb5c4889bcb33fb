"""Broken or hostile configuration: schemas and rules with typos, municipality configs that
reach outside their folder or name another municipality's organization."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from datamuni import municipalities
from datamuni.errors import ConfigurationError, DatamuniError
from tests.hardening.hostile_support import GOOD, ROOT, csv_bytes, expect_refused, run_hostile

VALPARAISO = "05101"
CONFIG = """cut: "05101"
organizacion_ckan: {org}
token: {{variable_entorno: DATAMUNI_TOKEN_05101}}
contraparte: {{nombre: Encargada, cargo: Contraparte técnica, correo: datos@munivalpo.cl}}
fuentes:
  remuneraciones: {{{source}, periodo: "2026-10"}}
"""


def _project(tmp_path: Path) -> Path:
    """A copy of the catalogue (schemas, validators) the test may break."""
    project = tmp_path / "proyecto"
    for folder in ("schemas", "validators"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"`{old}` not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        pytest.param("schemas/honorarios.yaml", "type: integer", "type: integr", ("honorarios",),
                     id="schema-type-typo"),
        pytest.param("schemas/honorarios.yaml", "aliases:", "alias:", ("honorarios", "alias"),
                     id="schema-key-typo"),
        pytest.param("schemas/honorarios.yaml", "{action: publicar}", "{action: publicr}",
                     ("honorarios", "publicr"), id="protection-action-typo"),
        pytest.param("validators/remuneraciones.yaml", "expect_column_values_to_be_between",
                     "expect_column_values_to_be_betwen", ("remuneraciones",),
                     id="rule-expectation-typo"),
        pytest.param("validators/remuneraciones.yaml", "column: remuneracion_bruta",
                     "column: remuneracion_brutta", ("remuneracion_brutta",),
                     id="rule-column-typo"),
        pytest.param("schemas/honorarios.yaml", "fields:", "fields: [\n", ("honorarios",),
                     id="schema-broken-yaml"),
    ],
)  # fmt: skip
def test_schema_or_rule_typo_is_a_spanish_error_naming_the_file(
    tmp_path: Path, file: str, old: str, new: str, words: tuple[str, ...]
) -> None:
    project = _project(tmp_path)
    _break(project / file, old, new)
    source = tmp_path / "remuneraciones.csv"
    source.write_bytes(csv_bytes(GOOD))
    outcome = run_hostile(tmp_path, source, project_dir=project)
    assert isinstance(outcome.error, ConfigurationError), outcome
    text = str(outcome.error)
    assert Path(file).name in text or Path(file).stem in text, text
    for word in words:
        assert word in text, text
    assert outcome.packaged_files() == []


def _municipio(tmp_path: Path, source: str, org: str = "municipalidad-de-valparaiso") -> Path:
    folder = tmp_path / "municipios"
    (folder / VALPARAISO).mkdir(parents=True, exist_ok=True)
    config = folder / f"{VALPARAISO}.yaml"
    config.write_text(CONFIG.format(org=org, source=source), encoding="utf-8")
    return folder


def _settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from tests.hardening.hostile_support import settings_for

    return settings_for(tmp_path, municipios_dir=tmp_path / "municipios")


def test_config_naming_another_municipality_organization_is_refused(tmp_path: Path) -> None:
    _municipio(tmp_path, "ruta: datos.csv", org="municipalidad-de-vina-del-mar")
    with pytest.raises(ConfigurationError) as refused:
        municipalities.load_config(_settings(tmp_path), VALPARAISO)
    text = str(refused.value)
    assert "05101.yaml" in text and "organizacion_ckan" in text
    assert "municipalidad-de-valparaiso" in text


@pytest.mark.parametrize(
    "source",
    ["ruta: ../05109/datos.csv", "ruta: /etc/passwd", "patron: ../*/*.csv", "ruta: a/../../x.csv"],
)
def test_source_path_escaping_the_folder_is_refused(tmp_path: Path, source: str) -> None:
    _municipio(tmp_path, source)
    with pytest.raises(ConfigurationError) as refused:
        municipalities.load_config(_settings(tmp_path), VALPARAISO)
    assert "sale de la carpeta del municipio" in str(refused.value)
    assert "05101.yaml" in str(refused.value)


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "otro" / "secreto.csv"
    secret.parent.mkdir()
    secret.write_bytes(csv_bytes(GOOD))
    return secret


def test_symlink_escaping_the_folder_is_refused_at_load(tmp_path: Path) -> None:
    folder = _municipio(tmp_path, "ruta: datos.csv")
    os.symlink(_outside(tmp_path), folder / VALPARAISO / "datos.csv")
    with pytest.raises(ConfigurationError, match="sale de la carpeta del municipio"):
        municipalities.load_config(_settings(tmp_path), VALPARAISO)


@pytest.mark.parametrize("source", ["ruta: 'datos-{periodo}.csv'", "patron: '*.csv'"])
def test_symlink_resolved_at_run_time_is_refused(tmp_path: Path, source: str) -> None:
    folder = _municipio(tmp_path, source)
    settings = _settings(tmp_path)
    config = municipalities.load_config(settings, VALPARAISO)
    os.symlink(_outside(tmp_path), folder / VALPARAISO / "datos-2026-10.csv")
    try:
        location = municipalities.resolve_source(settings, config, "remuneraciones", "2026-10")
    except DatamuniError as error:
        assert "carpeta" in str(error)
        return
    assert isinstance(location, Path)
    assert location.resolve().is_relative_to((folder / VALPARAISO).resolve())


def test_symlinked_source_given_directly_is_read_but_never_modified(tmp_path: Path) -> None:
    """The CLI takes any path the officer names; the file behind a link stays untouched."""
    secret = _outside(tmp_path)
    link = tmp_path / "enlace.csv"
    os.symlink(secret, link)
    outcome = run_hostile(tmp_path, link)
    assert outcome.error is None and outcome.result is not None
    assert outcome.result.source["archivo"] == "enlace.csv"


def test_run_refuses_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "bucle.csv"
    os.symlink(loop, loop)
    expect_refused(run_hostile(tmp_path, loop), "bucle.csv")
