"""Publishing into the real CKAN: idempotent, one resource per period, searchable, downloadable."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from datamuni.errors import PublishError
from datamuni.publishing.publish import publish_package
from datamuni.publishing.withdraw import withdraw
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    CONTACT,
    ROWS,
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)

pytestmark = pytest.mark.integration
CHANGED = [*ROWS[:2], ["Carla Soto", "Jefa de unidad", "1300000", "2023-07-31", None]]


def data_resources(shown: dict, period: str) -> list[dict]:  # type: ignore[type-arg]
    return [
        r for r in shown["resources"] if r.get("datamuni_rol") == "datos" and r["name"] == period
    ]


def test_publish_republish_change_and_new_period(env: Env) -> None:
    first = env.build()
    result = publish_package(first, env.settings, env.token_a, contact=CONTACT)
    assert result.action == "creado" and result.writes == 2  # private create + one revise
    name = result.dataset_url.rsplit("/", 1)[-1]
    shown = env.ckan("package_show", id=name)
    assert shown["title"] == "Remuneraciones del personal de la Municipalidad de Valparaíso"
    assert not shown["private"] and len(shown["resources"]) == 3
    download = env.anonymous_get(result.resource_url)
    assert download.status_code == 200 and download.content == first.data_path.read_bytes()

    activity = env.ckan("package_activity_list", id=name)
    again = publish_package(first, env.settings, env.token_a, contact=CONTACT)
    assert (again.action, again.writes) == ("sin cambios", 0)
    after = env.ckan("package_show", id=name)
    assert after["metadata_modified"] == shown["metadata_modified"]
    assert env.ckan("package_activity_list", id=name) == activity

    changed = env.build(CHANGED)
    updated = publish_package(changed, env.settings, env.token_a, contact=CONTACT)
    assert (updated.action, updated.writes) == ("actualizado", 1)
    shown = env.ckan("package_show", id=name)
    assert [r["id"] for r in data_resources(shown, "2026-10")] == [
        r["id"] for r in data_resources(after, "2026-10")
    ]
    assert len(shown["resources"]) == 3
    assert env.anonymous_get(updated.resource_url).content == changed.data_path.read_bytes()

    november = publish_package(
        env.build(period="2026-11"), env.settings, env.token_a, contact=CONTACT
    )
    assert (november.action, november.writes) == ("creado", 1)
    shown = env.ckan("package_show", id=name)
    assert len(shown["resources"]) == 4 and len(data_resources(shown, "2026-11")) == 1
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras["cobertura_temporal"] == "2026-10 a 2026-11"


def test_dataset_is_found_by_a_spanish_word_of_its_title(env: Env) -> None:
    result = publish_package(env.build(), env.settings, env.token_a, contact=CONTACT)
    name = result.dataset_url.rsplit("/", 1)[-1]
    found = env.ckan("package_search", q="remuneraciones personal", fq=f"name:{name}")
    assert [d["name"] for d in found["results"]] == [name]


def test_dry_run_reports_and_writes_nothing(env: Env) -> None:
    publish_package(env.build(), env.settings, env.token_a, contact=CONTACT)
    simulated = publish_package(
        env.build(CHANGED), env.settings, env.token_a, contact=CONTACT, dry_run=True
    )
    assert simulated.writes == 0 and simulated.action == "actualizado"
    assert "  Recurso `2026-10`: actualizado" in simulated.plan.summary()
    fresh = env.build(period="2026-12")
    never = publish_package(fresh, env.settings, env.token_a, dry_run=True)
    assert never.action == "actualizado" or never.action == "creado"
    name = simulated.dataset_url.rsplit("/", 1)[-1]
    shown = env.ckan("package_show", id=name)
    assert len(shown["resources"]) == 3 and not data_resources(shown, "2026-12")


def test_concurrent_runs_never_duplicate(env: Env) -> None:
    package = env.build()
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _: publish_package(package, env.settings, env.token_a), range(4))
        )
    assert sorted(r.action for r in results).count("sin cambios") >= 1
    name = results[0].dataset_url.rsplit("/", 1)[-1]
    shown = env.ckan("package_show", id=name)
    assert len(shown["resources"]) == 3 and len(data_resources(shown, "2026-10")) == 1
    found = env.ckan("package_search", q=f"name:{name}")
    assert found["count"] == 1


def test_withdrawn_period_is_not_silently_republished(env: Env) -> None:
    publish_package(env.build(), env.settings, env.token_a)
    november = env.build(period="2026-11")
    result = publish_package(november, env.settings, env.token_a)
    name = result.dataset_url.rsplit("/", 1)[-1]
    done = withdraw(
        env.settings, env.token_a, name, period="2026-11", reason="contenía RUT", who="ana"
    )
    assert done.entry["motivo"] == "contenía RUT"
    shown = env.ckan("package_show", id=name)
    assert not data_resources(shown, "2026-11") and len(shown["resources"]) == 3
    assert "contenía RUT" in {e["key"]: e["value"] for e in shown["extras"]}["datamuni_retiros"]
    with pytest.raises(PublishError, match="retirado"):
        publish_package(november, env.settings, env.token_a)
    other_machine = env.settings.model_copy(update={"state_dir": env.settings.project_dir / "otro"})
    with pytest.raises(PublishError, match="retirado"):
        publish_package(november, other_machine, env.token_a)
    back = publish_package(november, env.settings, env.token_a, republish_withdrawn=True)
    assert back.action == "creado"


def test_withdrawn_dataset_disappears_for_citizens(env: Env) -> None:
    result = publish_package(env.build(), env.settings, env.token_a)
    name = result.dataset_url.rsplit("/", 1)[-1]
    withdraw(env.settings, env.token_a, name, period=None, reason="datos sensibles", who="ana")
    assert env.anonymous_get(
        f"{env.settings.ckan_url}/api/3/action/package_show?id={name}"
    ).status_code in (403, 404)
    other_machine = env.settings.model_copy(update={"state_dir": env.settings.project_dir / "otro"})
    with pytest.raises(PublishError, match="retirado"):
        publish_package(env.build(), other_machine, env.token_a)
    back = publish_package(env.build(), env.settings, env.token_a, republish_withdrawn=True)
    assert env.anonymous_get(back.resource_url).status_code == 200
