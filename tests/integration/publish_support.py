"""Fixtures and helpers shared by the publishing integration tests (real CKAN + Solr)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from datamuni import territory
from datamuni.catalog import DatasetKind
from datamuni.packaging import BuiltPackage, build_package
from datamuni.publishing.bootstrap import prepare_municipality
from datamuni.settings import Settings
from datamuni.stack import StackInfo
from tests.packaging.sample_package import KIND, ROWS, VALPARAISO, batch

VINA = territory.comuna_by_code("05109")
CONTACT = {"nombre": "Contraparte Técnica", "correo": "datos@municipalidad.cl"}


@dataclass
class Env:
    """One test's world: settings (own state dir), a fresh dataset kind and two editors."""

    settings: Settings
    sysadmin: SecretStr
    kind: DatasetKind
    token_a: SecretStr
    token_b: SecretStr

    def build(
        self, rows: list[list[str | None]] = ROWS, period: str = "2026-10", comuna: Any = VALPARAISO
    ) -> BuiltPackage:
        """Build this test's package for `comuna` and `period`."""
        return build_package(
            self.kind, comuna, period, [batch(rows)], self.settings, reports={}, source={}
        )

    def ckan(self, action: str, token: SecretStr | None = None, **params: Any) -> Any:
        """Read CKAN's API directly (not through datamuni), anonymously unless a token is given."""
        headers = {"Authorization": token.get_secret_value()} if token else {}
        answer = httpx.post(
            f"{self.settings.ckan_url}/api/3/action/{action}",
            json=params,
            headers=headers,
            timeout=60,
        )
        body = answer.json()
        assert body["success"], body
        return body["result"]

    def anonymous_get(self, url: str) -> httpx.Response:
        """Download as a citizen: plain HTTP, no token, redirects followed."""
        return httpx.get(url, follow_redirects=True, timeout=60)


@pytest.fixture(scope="session", name="publish_stack")
def publish_stack_fixture(stack: StackInfo) -> tuple[str, SecretStr]:
    """The running CKAN and its sysadmin token, from the shared `stack` fixture."""
    return stack.ckan_url, stack.ckan_token


@pytest.fixture(scope="session", name="editors")
def editors_fixture(
    publish_stack: tuple[str, SecretStr], tmp_path_factory: pytest.TempPathFactory
) -> tuple[SecretStr, SecretStr]:
    """Editor tokens of Valparaíso (A) and Viña del Mar (B), issued by the bootstrap."""
    url, sysadmin = publish_stack
    settings = Settings(project_dir=tmp_path_factory.mktemp("bootstrap"), ckan_url=url)
    groups = [KIND.catalog.group]
    # Other sessions (and the fault tests) share these editors: never revoke their tokens.
    a = prepare_municipality(settings, sysadmin, VALPARAISO, groups, revoke_previous=False)
    b = prepare_municipality(settings, sysadmin, VINA, groups, revoke_previous=False)
    return a.token, b.token


@pytest.fixture(name="env")
def env_fixture(
    publish_stack: tuple[str, SecretStr], editors: tuple[SecretStr, SecretStr], tmp_path: Path
) -> Iterator[Env]:
    """A fresh kind name per test, so tests never see each other's (or other sessions') datasets."""
    url, sysadmin = publish_stack
    kind = dataclasses.replace(KIND, name=f"prueba-{uuid.uuid4().hex[:8]}")
    settings = Settings(project_dir=tmp_path, ckan_url=url, ckan_retries=3)
    yield Env(settings, sysadmin, kind, *editors)
