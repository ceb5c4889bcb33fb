"""Catalogue loader: clear Spanish errors on bad schema files, header matching, recognition."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from datamuni.catalog import load_catalog, load_kind
from datamuni.errors import ConfigurationError, SourceError
from datamuni.kind_headers import match_field, normalize_header, recognize_kind
from datamuni.validation.differential import table_schema_descriptor

MINIMAL = {
    "name": "mini",
    "version": "1.0.0",
    "title": "Mínimo",
    "description": "Esquema mínimo de prueba.",
    "catalog": {
        "title_pattern": "Mini de {comuna}",
        "description": "Prueba.",
        "frequency": "mensual",
        "group": "prueba",
        "keywords": ["prueba"],
        "licence": "CC-BY-4.0",
    },
    "policy": {"max_invalid_ratio": 0.1, "block_on_missing_required_column": True},
    "missingValues": ["", "No Aplica"],
    "primaryKey": ["codigo_comuna", "anio"],
    "foreignKeys": [
        {"fields": "codigo_comuna", "reference": {"resource": "comunas", "fields": "codigo_comuna"}}
    ],
    "fields": [
        {
            "name": "codigo_comuna",
            "title": "Código",
            "description": "CUT.",
            "type": "string",
            "constraints": {"required": True, "pattern": r"^\d{5}$"},
            "aliases": ["CUT"],
            "protection": {"action": "publicar"},
        },
        {
            "name": "anio",
            "title": "Año",
            "description": "Año.",
            "type": "integer",
            "aliases": ["anyo", "Año"],
            "protection": {"action": "publicar"},
        },
        {
            "name": "monto",
            "title": "Monto",
            "description": "Monto.",
            "type": "number",
            "aliases": ["Monto pagado ($)"],
            "protection": {"action": "generalizar", "to": "rango", "bands": [0, 1000, 10000]},
        },
    ],
}


def write(tmp_path: Path, data: dict[str, object], name: str = "mini") -> Path:
    path = tmp_path / "schemas" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def broken(tmp_path: Path, change: object) -> str:
    """Load MINIMAL after `change` mutates it; return the error message."""
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    change(data)  # type: ignore[operator]
    with pytest.raises(ConfigurationError) as raised:
        load_kind(write(tmp_path, data))
    return str(raised.value)


def test_minimal_schema_loads_with_its_suite(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    (tmp_path / "validators").mkdir()
    (tmp_path / "validators" / "mini.yaml").write_text("expectations: []\n", "utf-8")
    catalog = load_catalog(tmp_path / "schemas")
    kind = catalog["mini"]
    assert kind.suite == {"expectations": []}
    assert kind.field("monto").protection.params == {
        "to": "rango",
        "bands": [0, 1000, 10000],
    }
    assert kind.primary_key == ("codigo_comuna", "anio")
    assert kind.source_path.endswith("mini.yaml")


def test_typo_in_a_field_key_names_file_field_and_key(tmp_path: Path) -> None:
    def typo(data: dict) -> None:  # type: ignore[type-arg]
        data["fields"][1]["protecion"] = data["fields"][1].pop("protection")

    message = broken(tmp_path, typo)
    assert "mini.yaml" in message
    assert "campo `anio`" in message
    assert "`protecion`" in message
    assert "¿Quiso decir `protection`?" in message
    assert "falta la clave obligatoria `protection`" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["fields"][0]["protection"].update(action="publicarr"), "`publicarr`"),
        (lambda d: d["fields"][0].update(type="texto"), "tipo desconocido `texto`"),
        (lambda d: d["fields"][0].update(format="correo"), "formato desconocido `correo`"),
        (lambda d: d["fields"][0]["constraints"].update(requried=True), "`requried`"),
        (lambda d: d.update(primaryKey=["codigo_comuna", "ano"]), "`ano`, que no existe"),
        (lambda d: d.update(version="1.0"), "no es semver"),
        (lambda d: d.update(version=1.0), "no es semver"),
        (lambda d: d.update(name="otro"), "nombre del archivo"),
        (lambda d: d.update(titel="x"), "¿Quiso decir `title`?"),
        (lambda d: d["catalog"].update(frequency="mensualmente"), "frecuencia"),
        (lambda d: d["catalog"].pop("licence"), "falta la clave `licence`"),
        (lambda d: d["policy"].update(max_invalid_ratio=5), "entre 0 y 1"),
        (lambda d: d["fields"][2]["protection"].update(to="siglo"), "`generalizar`"),
        (lambda d: d["fields"][2]["protection"].update(bands=[10, 1]), "crecientes"),
        (lambda d: d["fields"][0]["protection"].update(permitir=[1]), "`permitir`"),
        (lambda d: d["fields"][1]["aliases"].append("CUT"), "también lo reclama"),
        (lambda d: d.update(quasi_identifiers=["edad"]), "`edad`"),
        (
            lambda d: d.update(aggregation={"dimensions": ["anio"], "measures": {"monto": "suma"}}),
            "operación `suma`",
        ),
        (lambda d: d["fields"][2].update(hours_field="horas"), "`hours_field`"),
        (lambda d: d["fields"].append(dict(d["fields"][0])), "está repetido"),
    ],
)
def test_bad_schema_files_give_spanish_errors(
    tmp_path: Path, change: object, expected: str
) -> None:
    assert expected in broken(tmp_path, change)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def many(data: dict) -> None:  # type: ignore[type-arg]
        data["version"] = "x"
        data["fields"][0]["type"] = "texto"
        data["fields"][1]["protection"] = {"action": "ocultar"}

    message = broken(tmp_path, many)
    assert "3 problema(s)" in message


def test_invalid_yaml_and_missing_dir(tmp_path: Path) -> None:
    path = tmp_path / "schemas" / "roto.yaml"
    path.parent.mkdir()
    path.write_text("name: [roto\n", "utf-8")
    with pytest.raises(ConfigurationError, match="no es YAML válido"):
        load_kind(path)
    with pytest.raises(ConfigurationError, match="No existe la carpeta"):
        load_catalog(tmp_path / "nada")


def test_normalize_header() -> None:
    assert normalize_header("Año") == normalize_header("ano") == normalize_header(" ANO ")
    assert normalize_header("Tipo Unidad monetaria") == normalize_header("tipo_unidad_monetaria")
    assert normalize_header("\ufeffRemuneración  bruta") == normalize_header("remuneracion bruta")
    assert normalize_header("Viáticos del mes (no inc. en rem. bruta)") == (
        "viaticosdelmesnoincenrembruta"
    )


def test_match_header_and_descriptor(tmp_path: Path) -> None:
    kind = load_kind(write(tmp_path, MINIMAL))
    assert match_field(kind, "AÑO").name == "anio"  # type: ignore[union-attr]
    assert match_field(kind, "monto pagado $").name == "monto"  # type: ignore[union-attr]
    assert match_field(kind, "desconocida") is None
    descriptor = table_schema_descriptor(kind)
    assert all(
        set(f) <= {"name", "title", "description", "type", "format", "constraints"}
        for f in descriptor["fields"]
    )
    assert descriptor["primaryKey"] == ["codigo_comuna", "anio"]


def test_recognize_kind_unknown_and_ambiguous(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    twin = yaml.safe_load(yaml.safe_dump(MINIMAL))
    twin["name"] = "gemelo"
    write(tmp_path, twin, "gemelo")
    catalog = load_catalog(tmp_path / "schemas")
    with pytest.raises(SourceError, match="calzan por igual") as raised:
        recognize_kind(catalog, ["CUT", "Año", "Monto pagado ($)"])
    assert "mini" in str(raised.value) and "gemelo" in str(raised.value)
    assert recognize_kind(catalog, ["x", "y", "z"]) is None  # the source then says what to do
    assert recognize_kind(catalog, ["CUT", "x", "y"]) is None  # one column is not a layout
    del catalog["gemelo"]
    kind = recognize_kind(catalog, ["CUT", "Año", "Monto pagado ($)", "otra"])
    assert kind is not None and kind.name == "mini"
