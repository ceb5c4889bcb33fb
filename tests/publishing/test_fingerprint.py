"""Input fingerprint and the no-change verdict: pure functions, no CKAN."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from datamuni.catalog import ProtectionSpec
from datamuni.publishing import fingerprint
from datamuni.publishing.datastore_mapping import MARKER, datastore_marker
from datamuni.publishing.plan import with_fingerprint
from datamuni.publishing.unchanged import cached_catalog, unchanged_resource
from datamuni.settings import Settings
from tests.packaging.sample_package import KIND

ROOT = Path(__file__).resolve().parents[2]
CONTACT = {"nombre": "Ana Contraparte", "correo": "datos@muni.cl"}
SHA = "a" * 64


def settings(**extra: Any) -> Settings:
    return Settings(project_dir=ROOT, pseudonym_key=SecretStr("clave-uno"), **extra)


def print_of(**changes: Any) -> str:
    arguments: dict[str, Any] = {
        "source_sha256": SHA,
        "kind": KIND,
        "municipality": "05101",
        "period": "2026-10",
        "contact": CONTACT,
        "settings": settings(),
    }
    arguments.update(changes)
    return fingerprint.input_fingerprint(**arguments)


def test_same_inputs_same_fingerprint() -> None:
    assert print_of() == print_of()
    assert print_of().startswith(f"v{fingerprint.VERSION}:")


def test_contact_order_does_not_matter() -> None:
    assert print_of(contact=dict(reversed(CONTACT.items()))) == print_of()


def rule_changed() -> Any:
    first = KIND.fields[0]
    changed = dataclasses.replace(first, protection=ProtectionSpec("eliminar"))
    return dataclasses.replace(KIND, fields=(changed, *KIND.fields[1:]))


@pytest.mark.parametrize(
    "change",
    [
        {"source_sha256": "b" * 64},
        {"kind": dataclasses.replace(KIND, version="9.9.9")},
        {"kind": dataclasses.replace(KIND, suite={"expectations": [{"id": "nueva"}]})},
        {"municipality": "05109"},
        {"period": "2026-11"},
        {"contact": {**CONTACT, "correo": "otra@muni.cl"}},
        {"settings": settings(k_anonymity=10)},
        {"settings": settings(suite_engine="off")},
        {"settings": Settings(project_dir=ROOT, pseudonym_key=SecretStr("clave-dos"))},
    ],
    ids=["fuente", "version", "suite", "municipio", "periodo", "contacto", "k", "motor", "clave"],
)
def test_any_input_change_changes_the_fingerprint(change: dict[str, Any]) -> None:
    assert print_of(**change) != print_of()


def test_batch_size_does_not_change_the_fingerprint() -> None:
    # a memory/speed setting: the published files are the same whatever the batch size
    assert print_of(settings=settings(batch_rows=1_000)) == print_of()


def test_a_protection_rule_change_changes_the_fingerprint() -> None:
    assert print_of(kind=rule_changed()) != print_of()


def test_the_pseudonym_key_never_appears_in_the_fingerprint_parts() -> None:
    assert "clave-uno" not in json.dumps(fingerprint.settings_part(settings()))


def test_recording_sets_the_fingerprint_only_inside_the_block() -> None:
    assert fingerprint.current() is None
    with fingerprint.recording("v1:x"):
        assert fingerprint.current() == "v1:x"
    assert fingerprint.current() is None


def ckan_dataset(**resource_changes: Any) -> dict[str, Any]:
    resource = {
        "id": "r1",
        "name": "2026-10",
        "datamuni_rol": "datos",
        "hash": f"sha256:{SHA}",
        "size": 1000,
        "url": "http://ckan/r1.csv",
        fingerprint.FIELD: "v1:bueno",
        MARKER: datastore_marker(SHA, True),
        "datastore_active": True,
    }
    resource.update(resource_changes)
    return {"state": "active", "private": False, "extras": [], "resources": [resource]}


def test_unchanged_when_fingerprint_and_datastore_match() -> None:
    found = unchanged_resource(ckan_dataset(), "2026-10", "v1:bueno", 10_000)
    assert found is not None and found["id"] == "r1"


@pytest.mark.parametrize(
    "dataset",
    [
        ckan_dataset(**{fingerprint.FIELD: "v1:otro"}),
        ckan_dataset(**{fingerprint.FIELD: ""}),
        ckan_dataset(**{MARKER: "sha256:viejo"}),
        ckan_dataset(datastore_active=False),
        ckan_dataset(size=None),
        ckan_dataset(name="2026-09"),
        dict(ckan_dataset(), state="deleted"),
        dict(ckan_dataset(), private=True),
        dict(
            ckan_dataset(),
            extras=[{"key": "datamuni_retiros", "value": json.dumps([{"recurso": "2026-10"}])}],
        ),
        None,
    ],
    ids=[
        "otra-huella",
        "huella-borrada",
        "datastore-viejo",
        "datastore-inactivo",
        "sin-tamano",
        "otro-periodo",
        "eliminado",
        "privado",
        "retirado",
        "no-existe",
    ],
)
def test_anything_else_takes_the_full_path(dataset: dict[str, Any] | None) -> None:
    assert unchanged_resource(dataset, "2026-10", "v1:bueno", 10_000) is None


def test_a_file_above_the_datastore_limit_needs_the_dictionary_only_marker() -> None:
    big = ckan_dataset(**{MARKER: datastore_marker(SHA, False)})
    assert unchanged_resource(big, "2026-10", "v1:bueno", 10) is not None
    assert unchanged_resource(big, "2026-10", "v1:bueno", 10_000) is None


def test_with_fingerprint_records_clears_or_keeps() -> None:
    wanted = {"name": "2026-10", "hash": f"sha256:{SHA}"}
    same = {"hash": f"sha256:{SHA}", fingerprint.FIELD: "v1:viejo"}
    other = {"hash": "sha256:otro", fingerprint.FIELD: "v1:viejo"}
    assert with_fingerprint(wanted, same, "v1:nuevo")[fingerprint.FIELD] == "v1:nuevo"
    assert with_fingerprint(wanted, other, None)[fingerprint.FIELD] == ""
    assert fingerprint.FIELD not in with_fingerprint(wanted, same, None)
    assert fingerprint.FIELD not in with_fingerprint(wanted, None, None)


def test_cached_catalog_is_parsed_once_and_again_after_a_schema_changes(tmp_path: Path) -> None:
    for folder in ("schemas", "validators"):
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).glob("compras.yaml"):
            (tmp_path / folder / path.name).write_bytes(path.read_bytes())
    local = Settings(project_dir=tmp_path)
    first = cached_catalog(local)
    assert cached_catalog(local) is first
    schema = tmp_path / "schemas" / "compras.yaml"
    schema.write_text(schema.read_text().replace('version: "1.0.0"', 'version: "1.0.1"'))
    again = cached_catalog(local)
    assert again is not first and again["compras"].version == "1.0.1"
