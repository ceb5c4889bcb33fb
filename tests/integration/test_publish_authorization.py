"""Municipality A's token cannot create, update or delete anything of municipality B."""

from __future__ import annotations

import json

import pytest

from datamuni.publishing.client import CkanRefused
from datamuni.publishing.publish import client_for, publish_package
from datamuni.publishing.withdraw import withdraw
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    CONTACT,
    VINA,
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)

pytestmark = pytest.mark.integration


def test_a_token_cannot_touch_b(env: Env) -> None:
    b_package = env.build(comuna=VINA)
    published = publish_package(b_package, env.settings, env.token_b, contact=CONTACT)
    name = published.dataset_url.rsplit("/", 1)[-1]
    before = env.ckan("package_show", id=name)

    # Publishing B's package with A's token: CKAN refuses, in Spanish, nothing changes.
    changed = env.build([["Intruso", "x", "1", "2020-01-01", None]], comuna=VINA)
    with pytest.raises(CkanRefused, match="no autorizó") as refused:
        publish_package(changed, env.settings, env.token_a)
    assert refused.value.status == 403
    # Creating a new dataset in B's organization.
    other = env.build(comuna=VINA, period="2026-11")
    other_kind = other.kind
    client = client_for(env.settings, env.token_a)
    with pytest.raises(CkanRefused, match="no autorizó"):
        client.call(
            "package_create",
            {"name": f"{other_kind.name}-intruso", "owner_org": "municipalidad-de-vina-del-mar"},
        )
    # Updating or deleting B's dataset and resource directly.
    resource = before["resources"][0]
    with pytest.raises(CkanRefused, match="no autorizó"):
        client.call("package_patch", {"id": name, "title": "Hackeado"})
    with pytest.raises(CkanRefused, match="no autorizó"):
        client.call(
            "package_revise",
            {
                "match": json.dumps({"id": before["id"]}),
                "update": json.dumps({"title": "Hackeado"}),
            },
        )
    with pytest.raises(CkanRefused, match="no autorizó"):
        client.call("resource_delete", {"id": resource["id"]})
    with pytest.raises(CkanRefused, match="no autorizó"):
        client.call("package_delete", {"id": name})
    with pytest.raises(CkanRefused, match="no autorizó"):
        withdraw(env.settings, env.token_a, name, period="2026-10", reason="prueba", who="intruso")

    after = env.ckan("package_show", id=name)
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after["title"] == before["title"] and after["resources"] == before["resources"]
    assert env.ckan("package_search", q=f"name:{other_kind.name}-intruso")["count"] == 0
