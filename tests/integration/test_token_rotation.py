"""`datamuni preparar-municipio` rotates the editor's token against the real CKAN: a re-run
revokes the earlier datamuni tokens, leaves tokens people created alone, and revokes nothing when
the new token cannot be stored."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.stack import StackInfo

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
CUT = "05103"  # Concón: no other test prepares it, so revoking its tokens disturbs nobody
EDITOR = f"datamuni-{CUT}"


def ckan(stack: StackInfo, action: str, token: str, **params: Any) -> httpx.Response:
    """POST one CKAN action with `token` (raw HTTP, so the status code is visible)."""
    return httpx.post(
        f"{stack.ckan_url}/api/3/action/{action}",
        json=params,
        headers={"Authorization": token},
        timeout=60,
    )


def editor_tokens(stack: StackInfo) -> list[dict[str, Any]]:
    """The editor's tokens as the sysadmin sees them (oldest first)."""
    answer = ckan(stack, "api_token_list", stack.ckan_token.get_secret_value(), user_id=EDITOR)
    assert answer.status_code == 200, answer.text
    result: list[dict[str, Any]] = answer.json()["result"]
    return result


def authenticates(stack: StackInfo, token: str) -> bool:
    """Whether CKAN still takes `token` as the editor (it may list its own tokens)."""
    answer = ckan(stack, "api_token_list", token, user_id=EDITOR)
    assert answer.status_code in (200, 403), answer.text
    return answer.status_code == 200


@pytest.fixture(name="preparar")
def preparar_fixture(stack: StackInfo, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner aimed at the stack's CKAN with the sysadmin token."""
    monkeypatch.setenv("DATAMUNI_PROJECT_DIR", str(REPO))
    monkeypatch.setenv("DATAMUNI_CKAN_URL", stack.ckan_url)
    monkeypatch.setenv("DATAMUNI_CKAN_TOKEN", stack.ckan_token.get_secret_value())
    return CliRunner()


def run_preparar(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, state: Path) -> str:
    """Run `preparar-municipio CUT` with its state in `state`; return its output."""
    monkeypatch.setenv("DATAMUNI_STATE_DIR", str(state))
    done = runner.invoke(app, ["preparar-municipio", CUT])
    assert done.exit_code == 0, done.output
    return " ".join(done.output.split())  # rich wraps long lines


def token_in(state: Path) -> str:
    """The editor token that preparar stored under `state`."""
    return (state / "ckan" / "tokens" / f"{CUT}.token").read_text(encoding="utf-8").strip()


def test_rerun_revokes_the_earlier_datamuni_token_and_keeps_manual_ones(
    stack: StackInfo, preparar: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    state = tmp_path / "estado"
    first_output = run_preparar(preparar, monkeypatch, state)
    first = token_in(state)
    assert authenticates(stack, first)
    manual_name = f"manual-{uuid.uuid4().hex[:8]}"
    created = ckan(
        stack,
        "api_token_create",
        stack.ckan_token.get_secret_value(),
        user=EDITOR,
        name=manual_name,
    )
    assert created.status_code == 200, created.text
    manual = created.json()["result"]
    try:
        second_output = run_preparar(preparar, monkeypatch, state)
        second = token_in(state)
        assert second != first
        assert "Se revocó 1 token anterior del editor" in second_output
        assert not authenticates(stack, first)
        assert authenticates(stack, second)
        assert authenticates(stack, manual["token"])
        names = [t["name"] for t in editor_tokens(stack)]
        assert manual_name in names
        assert len([n for n in names if n.startswith("datamuni-")]) == 1
        secrets = (first, second, manual["token"], stack.ckan_token.get_secret_value())
        assert not any(s in first_output + second_output for s in secrets)
    finally:
        ckan(stack, "api_token_revoke", stack.ckan_token.get_secret_value(), jti=manual["id"])


def test_failed_token_write_revokes_nothing(
    stack: StackInfo, preparar: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run_preparar(preparar, monkeypatch, tmp_path / "bueno")
    kept = token_in(tmp_path / "bueno")
    before = [t["id"] for t in editor_tokens(stack)]
    broken = tmp_path / "roto"
    # A folder where the token file goes: the new token cannot be written there.
    (broken / "ckan" / "tokens" / f"{CUT}.token").mkdir(parents=True)
    monkeypatch.setenv("DATAMUNI_STATE_DIR", str(broken))
    failed = preparar.invoke(app, ["preparar-municipio", CUT])
    assert failed.exit_code == 2, failed.output
    said = " ".join(failed.output.split())
    assert "No se pudo guardar el token del editor" in said and "siguen vigentes" in said
    assert "Traceback" not in said
    assert authenticates(stack, kept)
    # Nothing revoked, and the token that could not be stored was withdrawn again.
    assert [t["id"] for t in editor_tokens(stack)] == before
    assert list((broken / "ckan" / "tokens").iterdir()) == [
        broken / "ckan" / "tokens" / f"{CUT}.token"
    ]
