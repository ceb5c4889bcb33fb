"""The real CKAN of the stack: upload, anonymous download, Solr search, private datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ckanapi
import httpx
import pytest

from datamuni.settings import Settings
from datamuni.stack import StackInfo, ensure_stack

pytestmark = pytest.mark.integration

CSV_BYTES = "comuna,monto\nÑuñoa,1.234,5\nValparaíso,42\n".encode()


@pytest.fixture(scope="module")
def organization(ckan_admin: ckanapi.RemoteCKAN, run_id: str) -> dict[str, Any]:
    """A fresh organization for this run."""
    return dict(
        ckan_admin.action.organization_create(
            name=f"muni-prueba-{run_id}", title=f"Municipalidad de prueba {run_id}"
        )
    )


def test_upload_csv_and_download_it_anonymously(
    ckan_admin: ckanapi.RemoteCKAN,
    organization: dict[str, Any],
    run_id: str,
    tmp_path: Path,
    stack: StackInfo,
) -> None:
    csv_file = tmp_path / "presupuesto.csv"
    csv_file.write_bytes(CSV_BYTES)
    dataset = ckan_admin.action.package_create(
        name=f"presupuesto-{run_id}", title=f"Presupuesto {run_id}", owner_org=organization["id"]
    )
    with csv_file.open("rb") as upload:
        resource = ckan_admin.action.resource_create(
            package_id=dataset["id"], name="presupuesto.csv", format="CSV", upload=upload
        )
    assert resource["url"].startswith(stack.ckan_url)
    assert resource["url"].endswith("/download/presupuesto.csv")
    response = httpx.get(resource["url"], follow_redirects=True, timeout=30)
    assert response.status_code == 200
    assert response.content == CSV_BYTES


def test_package_search_finds_dataset_by_a_title_word(
    ckan_admin: ckanapi.RemoteCKAN,
    ckan_anonymous: ckanapi.RemoteCKAN,
    organization: dict[str, Any],
    run_id: str,
) -> None:
    # Solr splits letters from digits: the search word must be letters only to be unique.
    word = "patentes" + run_id.translate(str.maketrans("0123456789", "ghijklmnop"))
    ckan_admin.action.package_create(
        name=f"busqueda-{run_id}",
        title=f"Registro de {word} comerciales",
        owner_org=organization["id"],
    )
    found = ckan_anonymous.action.package_search(q=word)
    assert [dataset["name"] for dataset in found["results"]] == [f"busqueda-{run_id}"]
    assert ckan_anonymous.action.package_search(q=word + "ausente")["count"] == 0


def test_private_dataset_is_invisible_anonymously(
    ckan_admin: ckanapi.RemoteCKAN,
    ckan_anonymous: ckanapi.RemoteCKAN,
    organization: dict[str, Any],
    run_id: str,
) -> None:
    name = f"privado-{run_id}"
    ckan_admin.action.package_create(
        name=name, title=f"Borrador {run_id}", owner_org=organization["id"], private=True
    )
    assert ckan_admin.action.package_show(id=name)["private"] is True
    with pytest.raises((ckanapi.NotAuthorized, ckanapi.NotFound)):
        ckan_anonymous.action.package_show(id=name)
    assert (
        ckan_anonymous.action.package_search(q=f"name:{name}", include_private=True)["count"] == 0
    )
    admin_search = ckan_admin.action.package_search(q=f"name:{name}", include_private=True)
    assert admin_search["count"] == 1


def test_activity_plugin_records_dataset_creation(
    ckan_admin: ckanapi.RemoteCKAN, organization: dict[str, Any], run_id: str
) -> None:
    dataset = ckan_admin.action.package_create(
        name=f"actividad-{run_id}", title=f"Actividad {run_id}", owner_org=organization["id"]
    )
    activities = ckan_admin.action.package_activity_list(id=dataset["id"])
    assert activities[0]["activity_type"] == "new package"


def test_datastore_accepts_records_and_serves_them_anonymously(
    ckan_admin: ckanapi.RemoteCKAN,
    ckan_anonymous: ckanapi.RemoteCKAN,
    organization: dict[str, Any],
    run_id: str,
) -> None:
    dataset = ckan_admin.action.package_create(
        name=f"datastore-{run_id}", title=f"Datastore {run_id}", owner_org=organization["id"]
    )
    created = ckan_admin.action.datastore_create(
        resource={"package_id": dataset["id"], "name": "tabla"},
        fields=[{"id": "comuna", "type": "text"}, {"id": "monto", "type": "numeric"}],
        records=[{"comuna": "Ñuñoa", "monto": 1234.5}],
    )
    found = ckan_anonymous.action.datastore_search(resource_id=created["resource_id"])
    assert [(row["comuna"], float(row["monto"])) for row in found["records"]] == [("Ñuñoa", 1234.5)]


def test_levantar_indexes_datasets_the_solr_core_lacks(
    ckan_admin: ckanapi.RemoteCKAN,
    ckan_anonymous: ckanapi.RemoteCKAN,
    organization: dict[str, Any],
    run_id: str,
    stack: StackInfo,
    stack_settings: Settings,
) -> None:
    # A Solr home recreated beside an existing database lacks its datasets: simulate it for one.
    name = f"sin-indice-{run_id}"
    dataset = ckan_admin.action.package_create(
        name=name, title=f"Sin índice {run_id}", owner_org=organization["id"]
    )
    deleted = httpx.post(
        f"{stack.solr_url}/update?commit=true",
        json={"delete": {"query": f'id:"{dataset["id"]}"'}},
        timeout=30,
    )
    assert deleted.is_success, deleted.text
    # and a stale document of a purged dataset keeps the core's count as it was
    stale = {"index_id": f"obsoleto-{run_id}", "id": f"obsoleto-{run_id}", "site_id": "otro"}
    added = httpx.post(f"{stack.solr_url}/update?commit=true", json=[stale], timeout=30)
    assert added.is_success, added.text
    try:
        assert ckan_anonymous.action.package_search(q=f"name:{name}")["count"] == 0
        ensure_stack(stack_settings)
        assert ckan_anonymous.action.package_search(q=f"name:{name}")["count"] == 1
        assert ckan_admin.action.package_show(id=name)["id"] == dataset["id"]
    finally:
        httpx.post(
            f"{stack.solr_url}/update?commit=true",
            json={"delete": {"id": stale["index_id"]}},
            timeout=30,
        )
