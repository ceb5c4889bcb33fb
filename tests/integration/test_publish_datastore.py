"""The DataStore in the real CKAN: dictionary in Spanish, every row, repaired after a failure."""

from __future__ import annotations

from typing import Any

import pytest

from datamuni.publishing.publish import publish_package
from tests.integration.faultproxy import Fault, FaultProxy
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    CONTACT,
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)
from tests.packaging.sample_package import ROWS

pytestmark = pytest.mark.integration
CHANGED = [*ROWS[:2], ["Carla Soto", "Jefa de unidad", "1300000", "2023-07-31", None]]


def data_resource(env: Env, name: str, period: str = "2026-10") -> dict[str, Any]:
    shown = env.ckan("package_show", id=name)
    found = [r for r in shown["resources"] if r.get("datamuni_rol") == "datos"]
    return next(r for r in found if r["name"] == period)


def records(env: Env, resource_id: str) -> list[dict[str, Any]]:
    """Every DataStore row, as a citizen reads it (anonymous), without `_id`."""
    found = env.ckan("datastore_search", resource_id=resource_id, limit=1000, sort="nombre")
    return [{k: v for k, v in r.items() if k != "_id"} for r in found["records"]]


def test_publish_loads_dictionary_and_rows_then_unchanged_writes_nothing(env: Env) -> None:
    package = env.build()
    result = publish_package(package, env.settings, env.token_a, contact=CONTACT)
    assert result.writes == 2 and result.warnings == ()
    assert result.datastore_records == 3 and result.datastore_writes >= 3
    name = result.dataset_url.rsplit("/", 1)[-1]
    resource = data_resource(env, name)
    assert resource["datastore_active"] is True
    assert resource["datamuni_datastore_sha256"] == f"sha256:{package.sha256}"

    info = env.ckan("datastore_info", id=resource["id"])
    fields = {f["id"]: f for f in info["fields"] if not f["id"].startswith("_")}
    assert list(fields) == [
        "nombre",
        "cargo",
        "remuneracion_bruta",
        "fecha_ingreso",
        "observaciones",
    ]
    assert fields["remuneracion_bruta"]["type"] == "numeric"
    assert fields["fecha_ingreso"]["type"] == "date"
    assert fields["remuneracion_bruta"]["info"]["label"] == "Remuneracion bruta"
    assert fields["remuneracion_bruta"]["info"]["notes"] == "Descripción de remuneracion_bruta"
    assert info["meta"]["count"] == 3
    rows = records(env, resource["id"])
    assert [r["nombre"] for r in rows] == ["Ana Pérez", "Bruno Díaz", "Carla Soto"]
    assert rows[0]["fecha_ingreso"].startswith("2020-03-01")
    assert float(rows[0]["remuneracion_bruta"]) == 2500000.5
    assert rows[1]["observaciones"] is None

    page = env.anonymous_get(f"{env.settings.ckan_url}/dataset/{name}/resource/{resource['id']}")
    assert page.status_code == 200 and "Remuneracion bruta" in page.text  # data dictionary

    shown = env.ckan("package_show", id=name)
    activity = env.ckan("package_activity_list", id=name)
    again = publish_package(package, env.settings, env.token_a, contact=CONTACT)
    assert (again.action, again.writes, again.datastore_writes) == ("sin cambios", 0, 0)
    assert env.ckan("package_show", id=name)["metadata_modified"] == shown["metadata_modified"]
    assert env.ckan("package_activity_list", id=name) == activity


def test_changed_row_is_reflected_in_the_datastore(env: Env) -> None:
    name = publish_package(env.build(), env.settings, env.token_a).dataset_url.rsplit("/", 1)[-1]
    changed = env.build(CHANGED)
    updated = publish_package(changed, env.settings, env.token_a)
    assert (updated.action, updated.writes, updated.warnings) == ("actualizado", 1, ())
    resource = data_resource(env, name)
    assert resource["datamuni_datastore_sha256"] == f"sha256:{changed.sha256}"
    rows = records(env, resource["id"])
    assert len(rows) == 3
    assert rows[2]["cargo"] == "Jefa de unidad" and float(rows[2]["remuneracion_bruta"]) == 1300000


def test_failed_datastore_step_keeps_the_file_and_next_run_repairs(env: Env) -> None:
    package = env.build()
    with FaultProxy(env.settings.ckan_url) as proxy:
        proxy.add(Fault("datastore_upsert", "status", times=-1, status=500))
        through_proxy = env.settings.model_copy(update={"ckan_url": proxy.url})
        result = publish_package(package, through_proxy, env.token_a)
        assert ("datastore_upsert", "status") in proxy.injected
    assert result.action == "creado" and len(result.warnings) == 1
    assert "quedó publicado" in result.warnings[0] and "DataStore" in result.warnings[0]
    assert env.anonymous_get(result.resource_url).content == package.data_path.read_bytes()
    name = result.dataset_url.rsplit("/", 1)[-1]
    assert "datamuni_datastore_sha256" not in data_resource(env, name)

    repaired = publish_package(package, env.settings, env.token_a)
    assert (repaired.action, repaired.writes, repaired.warnings) == ("sin cambios", 0, ())
    assert repaired.datastore_writes > 0 and repaired.datastore_records == 3
    resource = data_resource(env, name)
    assert resource["datamuni_datastore_sha256"] == f"sha256:{package.sha256}"
    assert len(records(env, resource["id"])) == 3

    final = publish_package(package, env.settings, env.token_a)
    assert (final.writes, final.datastore_writes) == (0, 0)


def test_above_the_size_cap_only_the_dictionary_is_created(env: Env) -> None:
    package = env.build()
    capped = env.settings.model_copy(update={"datastore_max_bytes": 10})
    result = publish_package(package, capped, env.token_a)
    assert result.datastore_records == 0 and result.warnings == ()
    resource = data_resource(env, result.dataset_url.rsplit("/", 1)[-1])
    marker = resource["datamuni_datastore_sha256"]
    assert marker == f"sha256:{package.sha256};solo-diccionario"
    info = env.ckan("datastore_info", id=resource["id"])
    labels = [f["info"]["label"] for f in info["fields"] if not f["id"].startswith("_")]
    assert labels[0] == "Nombre" and info["meta"]["count"] == 0
    assert publish_package(package, capped, env.token_a).datastore_writes == 0


def test_unchanged_run_repairs_a_missing_or_stale_datastore(env: Env) -> None:
    package = env.build()
    name = publish_package(package, env.settings, env.token_a).dataset_url.rsplit("/", 1)[-1]
    resource_id = data_resource(env, name)["id"]
    env.ckan("datastore_delete", env.sysadmin, resource_id=resource_id, force=True)
    assert data_resource(env, name)["datastore_active"] is False
    missing = publish_package(package, env.settings, env.token_a)
    assert (missing.writes, missing.datastore_records, missing.warnings) == (0, 3, ())
    assert len(records(env, resource_id)) == 3

    # Another hand left a table with other column types and an old marker: dropped and rebuilt.
    env.ckan("datastore_delete", env.sysadmin, resource_id=resource_id, force=True)
    wrong = [{"id": "nombre", "type": "int"}]
    env.ckan("datastore_create", env.sysadmin, resource_id=resource_id, force=True, fields=wrong)
    env.ckan(
        "resource_patch", env.sysadmin, id=resource_id, datamuni_datastore_sha256="sha256:viejo"
    )
    stale = publish_package(package, env.settings, env.token_a)
    assert (stale.writes, stale.datastore_records, stale.warnings) == (0, 3, ())
    info = env.ckan("datastore_info", id=resource_id)
    assert [f["type"] for f in info["fields"] if f["id"] == "remuneracion_bruta"] == ["numeric"]
    assert [r["nombre"] for r in records(env, resource_id)] == [
        "Ana Pérez",
        "Bruno Díaz",
        "Carla Soto",
    ]
