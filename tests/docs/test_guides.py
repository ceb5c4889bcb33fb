"""Every command of the Spanish guides runs for real (offline here; stack ones in integration)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import ckanapi
import pytest

from datamuni.municipalities import load_config
from datamuni.settings import Settings
from datamuni.stack import StackInfo
from tests.docs.guide_commands import (
    GUIDES,
    PUBLISHING,
    Command,
    Sandbox,
    describe,
    fenced_blocks,
    guide_commands,
)

OFFICER_GUIDE = GUIDES[0]
QUILPUE_DATASET = "remuneraciones-quilpue"


def edit_configuration(sandbox: Sandbox, command: Command) -> None:
    """After `iniciar-municipio 05801`, do what the guide asks: write the YAML it shows."""
    if "iniciar-municipio 05801" not in command.text:
        return
    (yaml_text,) = fenced_blocks(OFFICER_GUIDE.read_text(encoding="utf-8"), "yaml")
    (sandbox.root / "municipios" / "05801.yaml").write_text(yaml_text, encoding="utf-8")
    settings = Settings(**sandbox.overrides_settings())  # type: ignore[arg-type]
    config = load_config(settings, "05801")
    assert config.fuentes["remuneraciones"].periodo == "mes_anterior"


def run_all(sandbox: Sandbox, commands: list[Command]) -> None:
    """Run the commands in order; each must exit with the code the guide announces."""
    for command in commands:
        done = sandbox.run(command)
        assert done.returncode == command.expected_exit, describe(command, done)
        edit_configuration(sandbox, command)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.stem)
def test_guide_has_commands_and_marks_the_publishing_ones(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    assert text.count("```bash") == len(fenced_blocks(text, "bash")), "bloque ```bash sin cerrar"
    commands = guide_commands(guide)
    assert commands, f"{guide.name} no tiene comandos en bloques ```bash"
    for command in commands:
        if command.text.startswith(PUBLISHING) or any(p in command.text for p in PUBLISHING):
            assert command.needs_stack, f"`{command.text}` escribe en CKAN/Prefect: falta la marca"


def test_guide_links_exist() -> None:
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        for target in ("etapas-mgtm.md", "escalar.md", "proteccion.md"):
            if f"]({target})" in text:
                assert (guide.parent / target).is_file(), f"{guide.name} enlaza {target}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.stem)
def test_offline_commands_run(guide: Path, tmp_path: Path) -> None:
    sandbox = Sandbox.create(tmp_path)
    offline = [command for command in guide_commands(guide) if not command.needs_stack]
    run_all(sandbox, offline)
    if guide == OFFICER_GUIDE:
        quarantine = sorted((tmp_path / "runs").glob("*-13101-remuneraciones-2026-10"))
        assert quarantine, "la validación de Santiago no dejó su carpeta de corrida"
        assert (quarantine[0] / "cuarentena.csv").stat().st_mode & 0o077 == 0
        assert (tmp_path / "revision-05801" / "protegido.csv").is_file()


@pytest.fixture()
def quilpue_clean(ckan_admin: ckanapi.RemoteCKAN) -> Iterator[None]:
    """The guide's Quilpué dataset does not exist before or after (withdrawals live on it)."""

    def purge() -> None:
        with contextlib.suppress(ckanapi.NotFound):
            ckan_admin.action.dataset_purge(id=QUILPUE_DATASET)

    purge()
    yield
    purge()


@pytest.mark.integration
@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.stem)
def test_every_command_runs_against_the_stack(
    guide: Path,
    tmp_path: Path,
    stack: StackInfo,
    ckan_admin: ckanapi.RemoteCKAN,
    quilpue_clean: None,
) -> None:
    sandbox = Sandbox.create(tmp_path, sysadmin_token=stack.ckan_token.get_secret_value())
    run_all(sandbox, guide_commands(guide))
    if guide == OFFICER_GUIDE:
        dataset = ckan_admin.action.package_show(id=QUILPUE_DATASET)
        assert dataset["organization"]["name"] == "municipalidad-de-quilpue"
        assert "2026-10" in {resource["name"] for resource in dataset["resources"]}
