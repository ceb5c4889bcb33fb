"""DataStore mapping without CKAN: dictionary fields from the Table Schema, chunks, markers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from datamuni.packaging import build_package
from datamuni.packaging.descriptor import public_schema
from datamuni.publishing.datastore_mapping import (
    MARKER,
    csv_chunks,
    datastore_fields,
    datastore_marker,
    dictionary_summary,
    needs_load,
    same_columns,
)
from datamuni.publishing.plan import UNCHANGED, plan_publication
from datamuni.settings import Settings
from tests.packaging.sample_package import COLUMNS, KIND, ROWS, VALPARAISO, batch


def test_fields_carry_spanish_label_notes_and_types_from_the_table_schema() -> None:
    fields = datastore_fields(public_schema(KIND, COLUMNS))
    assert [(f["id"], f["type"]) for f in fields] == [
        ("nombre", "text"),
        ("cargo", "text"),
        ("remuneracion_bruta", "numeric"),
        ("fecha_ingreso", "date"),
        ("observaciones", "text"),  # masked: published as a plain string
    ]
    assert fields[2]["info"] == {
        "label": "Remuneracion bruta",
        "notes": "Descripción de remuneracion_bruta",
        "type_override": "numeric",
    }


def test_untitled_field_falls_back_to_its_name_and_integers_are_numeric() -> None:
    fields = datastore_fields({"fields": [{"name": "n", "type": "integer"}]})
    assert fields == [
        {
            "id": "n",
            "type": "numeric",
            "info": {"label": "n", "notes": "", "type_override": "numeric"},
        }
    ]


def test_same_columns_ignores_internal_ids_and_compares_types() -> None:
    wanted = datastore_fields({"fields": [{"name": "a", "type": "number"}]})
    assert same_columns([{"id": "_id", "type": "int"}, {"id": "a", "type": "numeric"}], wanted)
    assert not same_columns([{"id": "a", "type": "text"}], wanted)
    assert not same_columns([], wanted)


def test_marker_and_needs_load() -> None:
    marker = datastore_marker("ab", with_records=True)
    assert marker == "sha256:ab"
    assert datastore_marker("ab", with_records=False) == "sha256:ab;solo-diccionario"
    assert not needs_load({MARKER: marker, "datastore_active": True}, marker)
    assert needs_load({MARKER: marker, "datastore_active": False}, marker)  # table dropped
    assert needs_load({MARKER: "sha256:old", "datastore_active": True}, marker)  # stale
    assert needs_load({"datastore_active": True}, marker)  # never loaded by datamuni


def write_csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "datos.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_chunks_are_bounded_and_empty_cells_become_null(tmp_path: Path) -> None:
    rows = [f"fila {i},{i}," for i in range(7)]
    path = write_csv(tmp_path, ["nombre,monto,nota", *rows, '"con, coma",1.5,x'])
    chunks = list(csv_chunks(path, ["nombre", "monto", "nota"], size=3))
    assert [len(c) for c in chunks] == [3, 3, 2]
    assert chunks[0][1] == {"nombre": "fila 1", "monto": "1", "nota": None}
    assert chunks[-1][-1] == {"nombre": "con, coma", "monto": "1.5", "nota": "x"}


def test_chunks_of_an_empty_table_and_a_wrong_header(tmp_path: Path) -> None:
    assert list(csv_chunks(write_csv(tmp_path, ["a,b"]), ["a", "b"])) == []
    with pytest.raises(ValueError, match="no coincide"):
        list(csv_chunks(write_csv(tmp_path, ["a,c", "1,2"]), ["a", "b"]))


def test_dictionary_summary_lists_each_field_for_the_dry_run() -> None:
    lines = dictionary_summary(public_schema(KIND, COLUMNS))
    assert lines[0].startswith("  Diccionario DataStore (5 campos")
    assert "    fecha_ingreso (date): Fecha ingreso" in lines


def test_dry_run_summary_shows_the_dictionary_only_when_the_data_changes(tmp_path: Path) -> None:
    package = build_package(
        KIND,
        VALPARAISO,
        "2026-10",
        [batch(ROWS)],
        Settings(project_dir=tmp_path),
        reports={},
        source={},
    )
    created = plan_publication(None, package).summary()
    assert "  Recurso `2026-10`: creado" in created
    assert "    remuneracion_bruta (numeric): Remuneracion bruta" in created
    data = next(s for s in plan_publication(None, package).steps if s.role == "datos")
    unchanged = dataclasses.replace(
        plan_publication(None, package), steps=(dataclasses.replace(data, action=UNCHANGED),)
    )
    assert not any("Diccionario DataStore" in line for line in unchanged.summary())
