"""Pure mapping and plan: package → CKAN dicts, and the diff that decides every write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ckanapi import errors

from datamuni.packaging import BuiltPackage, build_package
from datamuni.publishing import mapping
from datamuni.publishing.plan import CREATED, UNCHANGED, UPDATED, plan_publication
from datamuni.publishing.revise import revise_request
from datamuni.publishing.translate import translate_refusal
from datamuni.settings import Settings
from tests.packaging.sample_package import KIND, ROWS, VALPARAISO, batch

CONTACT = {"nombre": "Ana Contraparte", "correo": "datos@muni.cl"}


def built(
    tmp_path: Path, rows: list[list[str | None]] = ROWS, period: str = "2026-10"
) -> BuiltPackage:
    return build_package(
        KIND,
        VALPARAISO,
        period,
        [batch(rows)],
        Settings(project_dir=tmp_path),
        reports={},
        source={},
    )


def as_ckan(
    package: BuiltPackage, plan_update: dict[str, Any], resources: list[dict[str, Any]]
) -> dict[str, Any]:
    """What CKAN's package_show returns after applying a plan (ids, organization, timestamps)."""
    shown = dict(plan_update, id="pkg-1", metadata_modified="2026-11-01T00:00:00.000001")
    shown["organization"] = {"name": shown.pop("owner_org")}
    shown["resources"] = resources
    return shown


def applied(package: BuiltPackage) -> dict[str, Any]:
    plan = plan_publication(None, package, CONTACT)
    resources = [dict(s.fields, id=f"res-{i}", url_type="upload") for i, s in enumerate(plan.steps)]
    return as_ckan(package, plan.dataset_update, resources)


def test_organization_dict_names_the_municipality() -> None:
    org = mapping.organization_dict(VALPARAISO)
    assert org["name"] == "municipalidad-de-valparaiso"
    assert org["title"] == "Municipalidad de Valparaíso"
    extras = {e["key"]: e["value"] for e in org["extras"]}
    assert extras == {"cut": "05101", "provincia": "051 Valparaíso", "region": "05 Valparaíso"}


def test_dataset_fields_are_spanish_and_complete(tmp_path: Path) -> None:
    fields = mapping.dataset_fields(built(tmp_path), ["2026-09", "2026-10"], CONTACT)
    assert fields["name"] == "remuneraciones-valparaiso"
    assert fields["title"] == "Remuneraciones del personal de la Municipalidad de Valparaíso"
    assert fields["license_id"] == "cc-by"
    assert fields["owner_org"] == "municipalidad-de-valparaiso"
    assert fields["groups"] == [{"name": "personal-y-remuneraciones"}]
    assert fields["maintainer_email"] == "datos@muni.cl"
    extras = {e["key"]: e["value"] for e in fields["extras"]}
    assert extras["cobertura_temporal"] == "2026-09 a 2026-10"
    assert extras["cobertura_espacial"].startswith("Comuna de Valparaíso")
    assert extras["frecuencia"] == "Mensual" and extras["version_esquema"] == "1.2.0"
    assert "Cobertura temporal: 2026-09 a 2026-10" in fields["notes"]


def test_first_publication_creates_everything(tmp_path: Path) -> None:
    plan = plan_publication(None, built(tmp_path), CONTACT)
    assert plan.dataset_action == CREATED and plan.action == CREATED
    assert [(s.name, s.action) for s in plan.steps] == [
        ("2026-10", CREATED),
        ("datapackage.json", CREATED),
        ("Diccionario de datos", CREATED),
    ]


def test_unchanged_package_plans_no_write(tmp_path: Path) -> None:
    package = built(tmp_path)
    plan = plan_publication(applied(package), package, CONTACT)
    assert not plan.changed and plan.action == UNCHANGED
    assert plan.summary()[0] == "Conjunto `remuneraciones-valparaiso`: sin cambios"


def test_quarantined_rows_are_recorded_on_the_data_resource(tmp_path: Path) -> None:
    package = built(tmp_path)
    assert mapping.resource_fields(package, mapping.ROLE_DATA)[mapping.QUARANTINED] == "0"
    kept_out = build_package(
        KIND,
        VALPARAISO,
        "2026-10",
        [batch(ROWS)],
        Settings(project_dir=tmp_path / "otra"),
        reports={"validacion": {"filas_en_cuarentena": 3}},
        source={},
    )
    assert kept_out.quarantined == 3
    plan = plan_publication(applied(package), kept_out, CONTACT)
    data = plan.steps[0]
    assert data.action == UPDATED and data.fields[mapping.QUARANTINED] == "3"
    assert data.file is None  # same rows: only the count changes, no upload


def test_changed_row_updates_the_same_resource(tmp_path: Path) -> None:
    current = applied(built(tmp_path / "a"))
    changed = built(tmp_path / "b", [*ROWS[:2], ["Carla Soto", "Jefa", "1300", "2023-07-31", None]])
    plan = plan_publication(current, changed, CONTACT)
    data = plan.steps[0]
    assert (data.action, data.resource_id, data.file) == (UPDATED, "res-0", changed.data_path)
    assert plan.action == UPDATED and plan.dataset_update == {}
    form, files = revise_request(plan, current)
    assert json.loads(form["match"]) == {
        "id": "pkg-1",
        "metadata_modified": "2026-11-01T00:00:00.000001",
    }
    assert "update__resources__extend" not in form
    assert files["update__resources__res-0__upload"] == changed.data_path
    assert json.loads(form["update__resources__res-0"])["hash"] == f"sha256:{changed.sha256}"


def test_new_period_adds_one_resource_and_widens_coverage(tmp_path: Path) -> None:
    current = applied(built(tmp_path / "a"))
    november = built(tmp_path / "b", period="2026-11")
    plan = plan_publication(current, november, CONTACT)
    assert [s.action for s in plan.steps] == [CREATED, UPDATED, UNCHANGED]
    form, files = revise_request(plan, current)
    assert [r["name"] for r in json.loads(form["update__resources__extend"])] == ["2026-11"]
    assert files["update__resources__-1__upload"] == november.data_path
    assert json.loads(form["filter"]) == ["-extras"]
    extras = {e["key"]: e["value"] for e in json.loads(form["update"])["extras"]}
    assert extras["cobertura_temporal"] == "2026-10 a 2026-11"


def test_republishing_an_older_period_leaves_the_descriptor(tmp_path: Path) -> None:
    current = applied(built(tmp_path / "a", period="2026-11"))
    october = built(tmp_path / "b", period="2026-10")
    plan = plan_publication(current, october, CONTACT)
    assert plan.steps[1].action == UNCHANGED


def test_foreign_extras_are_kept(tmp_path: Path) -> None:
    package = built(tmp_path)
    current = applied(package)
    current["extras"] = [*current["extras"], {"key": "datamuni_retiros", "value": "[]"}]
    assert not plan_publication(current, package, CONTACT).changed


@pytest.mark.parametrize(
    ("error", "status", "expected", "field"),
    [
        (
            errors.ValidationError({"name": ["That URL is already in use."]}),
            409,
            "ese nombre ya está en uso",
            "name",
        ),
        (
            errors.ValidationError({"owner_org": ["Organization does not exist"]}),
            409,
            "`owner_org`",
            "owner_org",
        ),
        (errors.NotAuthorized("no"), 403, "no autorizó", None),
        (
            errors.ValidationError({"upload": ["File upload too large"]}),
            409,
            "max_resource_size",
            "upload",
        ),
        (errors.CKANAPIError("Request Entity Too Large"), 413, "max_resource_size", "upload"),
    ],
)
def test_refusals_are_spanish_and_name_the_field(
    error: Exception, status: int, expected: str, field: str | None
) -> None:
    message, hint, named = translate_refusal("package_create", error, status)
    assert expected in message and hint and named == field
