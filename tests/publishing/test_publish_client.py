"""The client without CKAN: unreachable site → retries, then a Spanish error, no token."""

from __future__ import annotations

import socket
import time

import pytest
from pydantic import SecretStr

from datamuni.publishing.client import CkanClient, CkanUnavailable, is_write

CANARY = "canario-token-0123456789"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_ckan_is_retried_with_backoff_then_reported_in_spanish() -> None:
    client = CkanClient(
        f"http://127.0.0.1:{closed_port()}",
        SecretStr(CANARY),
        timeout=2,
        attempts=3,
        base_delay=0.05,
    )
    started = time.monotonic()
    with pytest.raises(CkanUnavailable) as raised:
        client.call("package_revise", {"match": "{}"})
    assert time.monotonic() - started >= 0.05  # it waited between attempts
    assert client.writes == 3 and client.reads == 0
    text = f"{raised.value} {raised.value.hint} {client!r}"
    assert "no respondió a `package_revise` tras 3 intentos" in text
    assert "sigue intacto" in raised.value.hint
    assert CANARY not in text


@pytest.mark.parametrize(
    ("action", "writes"),
    [
        ("package_create", True),
        ("resource_patch", True),
        ("datastore_upsert", True),
        ("organization_member_create", True),
        ("api_token_revoke", True),  # revoking a token changes the site
        ("package_show", False),
        ("api_token_list", False),
        ("status_show", False),
    ],
)
def test_actions_that_change_the_site_count_as_writes(action: str, writes: bool) -> None:
    assert is_write(action) is writes
