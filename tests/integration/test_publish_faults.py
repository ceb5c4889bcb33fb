"""Faults between CKAN and datamuni (injected by a proxy in front of the real CKAN)."""

from __future__ import annotations

import pytest

from datamuni.publishing.client import CkanUnavailable
from datamuni.publishing.publish import publish_package
from tests.integration.faultproxy import Fault, FaultProxy
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    ROWS,
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)

pytestmark = pytest.mark.integration
CHANGED = [*ROWS[:2], ["Carla Soto", "Jefa de unidad", "1300000", "2023-07-31", None]]


def test_failed_switch_leaves_previous_version_and_next_run_completes(env: Env) -> None:
    first = env.build()
    published = publish_package(first, env.settings, env.token_a)
    name = published.dataset_url.rsplit("/", 1)[-1]
    before = env.ckan("package_show", id=name)
    first_bytes = first.data_path.read_bytes()  # the rebuild below replaces the package folder
    changed = env.build(CHANGED)
    with FaultProxy(env.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "status", times=1, status=500))
        proxy.add(Fault("package_revise", "cut_before", times=-1))
        through_proxy = env.settings.model_copy(update={"ckan_url": proxy.url})
        with pytest.raises(CkanUnavailable, match="no respondió a `package_revise`"):
            publish_package(changed, through_proxy, env.token_a)
        assert proxy.injected[:2] == [
            ("package_revise", "status"),
            ("package_revise", "cut_before"),
        ]
    after = env.ckan("package_show", id=name)
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after["resources"] == before["resources"]
    assert env.anonymous_get(published.resource_url).content == first_bytes

    completed = publish_package(changed, env.settings, env.token_a)
    assert completed.action == "actualizado"
    assert env.anonymous_get(completed.resource_url).content == changed.data_path.read_bytes()


def test_lost_answer_after_ckan_applied_is_retried_without_duplicates(env: Env) -> None:
    publish_package(env.build(), env.settings, env.token_a)
    november = env.build(period="2026-11")
    with FaultProxy(env.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "cut_after", times=1))
        proxy.add(Fault("package_show", "status", times=1, status=503))
        through_proxy = env.settings.model_copy(update={"ckan_url": proxy.url})
        result = publish_package(november, through_proxy, env.token_a)
        assert ("package_revise", "cut_after") in proxy.injected
    name = result.dataset_url.rsplit("/", 1)[-1]
    shown = env.ckan("package_show", id=name)
    periods = [r["name"] for r in shown["resources"] if r.get("datamuni_rol") == "datos"]
    assert sorted(periods) == ["2026-10", "2026-11"]
    assert publish_package(november, env.settings, env.token_a).writes == 0


def test_new_dataset_stays_invisible_until_the_switch(env: Env) -> None:
    package = env.build()
    with FaultProxy(env.settings.ckan_url) as proxy:
        proxy.add(Fault("package_revise", "cut_before", times=-1))
        through_proxy = env.settings.model_copy(update={"ckan_url": proxy.url})
        with pytest.raises(CkanUnavailable):
            publish_package(package, through_proxy, env.token_a)
    name = f"{env.kind.name}-valparaiso"
    shown = env.anonymous_get(f"{env.settings.ckan_url}/api/3/action/package_show?id={name}")
    assert shown.status_code in (403, 404)
    assert env.ckan("package_search", q=f"name:{name}")["count"] == 0
    result = publish_package(package, env.settings, env.token_a)
    assert env.anonymous_get(result.resource_url).content == package.data_path.read_bytes()
