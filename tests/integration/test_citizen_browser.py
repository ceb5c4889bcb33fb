"""As a citizen sees it: headless Chromium opens the dataset page, then downloads the file."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from datamuni.publishing.publish import publish_package
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    CONTACT,
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)

pytestmark = pytest.mark.integration
CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM after load, as Chromium renders it (fails loudly if Chromium does)."""
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip(), result.stderr[-2000:]
    return html.unescape(result.stdout)


def test_citizen_finds_title_licence_resource_and_downloads(env: Env, tmp_path: Path) -> None:
    assert shutil.which(CHROMIUM), "Instale Chromium de Debian: apt-get install chromium"
    package = env.build()
    result = publish_package(package, env.settings, env.token_a, contact=CONTACT)
    page = dump_dom(result.dataset_url, tmp_path / "perfil")
    assert "Remuneraciones del personal de la Municipalidad de Valparaíso" in page
    assert "Creative Commons" in page
    assert "Municipalidad de Valparaíso" in page
    shown = env.ckan("package_show", id=result.dataset_url.rsplit("/", 1)[-1])
    data = next(r for r in shown["resources"] if r["name"] == "2026-10")
    resource_path = f"/resource/{data['id']}"
    assert resource_path in page and "2026-10" in page, "el conjunto no muestra el recurso"
    resource_page = dump_dom(f"{result.dataset_url}{resource_path}", tmp_path / "perfil")
    downloads = re.findall(r'href="([^"]+/download/[^"]+)"', resource_page)
    wanted = [d for d in downloads if d.endswith(package.data_path.name)]
    assert wanted, f"la página del recurso no ofrece descargar el CSV: {downloads}"
    target = wanted[0] if wanted[0].startswith("http") else env.settings.ckan_url + wanted[0]
    answer = env.anonymous_get(target)
    assert answer.status_code == 200
    assert answer.content == package.data_path.read_bytes()
