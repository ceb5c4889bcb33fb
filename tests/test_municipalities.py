"""Municipality configuration: valid files load; every kind of mistake is a Spanish error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from datamuni.cli.municipio import scaffold_municipality
from datamuni.errors import ConfigurationError
from datamuni.municipalities import (
    load_all,
    load_config,
    resolve_period,
    resolve_source,
    resolve_token,
)
from datamuni.settings import Settings

VALID = {
    "cut": "05101",
    "comuna": "Valparaíso",
    "organizacion_ckan": "municipalidad-de-valparaiso",
    "token": {"variable_entorno": "DATAMUNI_TOKEN_05101"},
    "contraparte": {
        "nombre": "Ana Pérez",
        "cargo": "Encargada de Transparencia",
        "correo": "transparencia@munivalpo.cl",
    },
    "fuentes": {
        "remuneraciones": {"ruta": "remuneraciones-{periodo}.csv", "periodo": "mes_anterior"},
        "compras": {"patron": "compras/*{periodo}*.csv", "periodo": "2024-05"},
        "transferencias": {"url": "https://example.cl/t-{periodo}.csv"},
    },
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    (tmp_path / "schemas").mkdir()
    for kind in ("remuneraciones", "compras", "transferencias"):
        (tmp_path / "schemas" / f"{kind}.yaml").write_text("{}\n")
    (tmp_path / "municipios" / "05101").mkdir(parents=True)
    return Settings(project_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]


def write(settings: Settings, data: dict[str, object] | str, cut: str = "05101") -> Path:
    path = settings.resolve(settings.municipios_dir) / f"{cut}.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True))
    return path


def changed(path: str, value: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(VALID))
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return data


def test_valid_config_loads(settings: Settings) -> None:
    write(settings, VALID)
    config = load_config(settings, "05101")
    assert config.contraparte.correo == "transparencia@munivalpo.cl"
    assert set(config.fuentes) == {"remuneraciones", "compras", "transferencias"}
    assert [c.cut for c in load_all(settings)] == ["05101"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "contraparte.corre",
            "x@munivalpo.cl",
            "clave `contraparte.corre`] clave desconocida; ¿quiso decir `correo`?",
        ),
        (
            "fuentes.remuneracion",
            {"ruta": "a.csv"},
            "tipo de conjunto `remuneracion` desconocido. ¿Quiso decir `remuneraciones`?",
        ),
        ("cut", "99999", "no corresponde a ninguna comuna"),
        ("cut", "12202", "no es una municipalidad"),
        (
            "organizacion_ckan",
            "municipalidad-de-vina-del-mar",
            "debe ser `municipalidad-de-valparaiso`",
        ),
        ("fuentes.compras", {"patron": "../../otro/*.csv"}, "sale de la carpeta del municipio"),
        ("fuentes.remuneraciones", {"ruta": "/etc/passwd"}, "sale de la carpeta del municipio"),
        (
            "fuentes.compras",
            {"ruta": "a.csv", "url": "https://x.cl/a"},
            "exactamente una ubicación",
        ),
        (
            "fuentes.compras",
            {"ruta": "a.csv", "periodo": "mensual"},
            "periodo `mensual` desconocido",
        ),
        ("token", {"variable_entorno": "eyJhbGciOiJIUzI1NiJ9.abc"}, "nunca el token"),
        ("token", {}, "exactamente uno"),
        ("contraparte.correo", "ana@gmail.com", "correo institucional"),
        ("contraparte.nombre", "", "complétela"),
        ("contraparte", None, "clave `contraparte`] falta esta clave"),
    ],
)
def test_mistakes_are_spanish_errors_naming_file_and_key(
    settings: Settings, path: str, value: object, expected: str
) -> None:
    file = write(settings, changed(path, value))
    with pytest.raises(ConfigurationError) as caught:
        load_config(settings, "05101")
    assert expected in caught.value.message
    assert f"archivo `{file}`" in caught.value.message


def test_cut_written_as_number_is_refused(settings: Settings) -> None:
    text = yaml.safe_dump(changed("cut", "CUT")).replace("cut: CUT", "cut: 05101")
    write(settings, text)
    with pytest.raises(ConfigurationError, match="entre comillas"):
        load_config(settings, "05101")


def test_file_name_must_match_cut(settings: Settings) -> None:
    (settings.resolve(settings.municipios_dir) / "05109").mkdir()
    write(settings, VALID, cut="05109")
    with pytest.raises(ConfigurationError, match="el archivo es de `05109`"):
        load_config(settings, "05109")


def test_missing_file_says_how_to_create_it(settings: Settings) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_config(settings, "13101")
    assert "datamuni iniciar-municipio 13101" in caught.value.hint


def test_period_rules() -> None:
    assert resolve_period("mes_anterior", date(2025, 1, 3)) == "2024-12"
    assert resolve_period("mes_anterior", date(2025, 7, 3)) == "2025-06"
    assert resolve_period("mes_actual", date(2025, 7, 3)) == "2025-07"
    assert resolve_period("anio_anterior", date(2025, 7, 3)) == "2024"
    assert resolve_period("2024-05", date(2025, 7, 3)) == "2024-05"


def test_sources_resolve_with_the_period(settings: Settings) -> None:
    write(settings, VALID)
    config = load_config(settings, "05101")
    folder = settings.resolve(settings.municipios_dir) / "05101"
    assert resolve_source(settings, config, "remuneraciones", "2024-05") == (
        folder / "remuneraciones-2024-05.csv"
    )
    assert resolve_source(settings, config, "transferencias", "2024-05") == (
        "https://example.cl/t-2024-05.csv"
    )
    with pytest.raises(ConfigurationError, match="debe encontrar un archivo: ninguno"):
        resolve_source(settings, config, "compras", "2024-05")
    (folder / "compras").mkdir()
    (folder / "compras" / "oc-2024-05.csv").write_text("a\n")
    assert (
        resolve_source(settings, config, "compras", "2024-05") == folder / "compras/oc-2024-05.csv"
    )


def test_token_from_environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    write(settings, VALID)
    config = load_config(settings, "05101")
    monkeypatch.delenv("DATAMUNI_TOKEN_05101", raising=False)
    with pytest.raises(ConfigurationError, match="`DATAMUNI_TOKEN_05101`"):
        resolve_token(config, settings)
    monkeypatch.setenv("DATAMUNI_TOKEN_05101", "secreto-de-prueba")
    token = resolve_token(config, settings)
    assert isinstance(token, SecretStr)
    assert token.get_secret_value() == "secreto-de-prueba"


def test_scaffold_writes_a_config_that_validates_once_completed(settings: Settings) -> None:
    path = scaffold_municipality(settings, "Viña del Mar")
    assert path.name == "05109.yaml"
    with pytest.raises(ConfigurationError, match="complétela"):
        load_config(settings, "05109")
    path = scaffold_municipality(
        settings,
        "05109",
        contraparte="Luis Soto",
        cargo="Encargado de datos",
        correo="datos@munivina.cl",
        overwrite=True,
    )
    config = load_config(settings, "05109")
    assert config.organizacion_ckan == "municipalidad-de-vina-del-mar"
    assert config.token.variable_entorno == "DATAMUNI_TOKEN_05109"
    with pytest.raises(ConfigurationError, match="Ya existe"):
        scaffold_municipality(settings, "05109")
